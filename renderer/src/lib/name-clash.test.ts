import { describe, expect, it } from 'vitest';
import { distinguishingFolders } from './name-clash';

describe('distinguishingFolders', () => {
  it('gives same-named images the fewest folders that tell them apart, and unique names none', () => {
    const hints = distinguishingFolders([
      { id: '1', name: 'photo.jpg', path: '/home/me/trip/a/photo.jpg' },
      { id: '2', name: 'photo.jpg', path: '/home/me/trip/b/photo.jpg' },
      { id: '3', name: 'photo.jpg', path: '/home/you/trip/b/photo.jpg' },
      { id: '4', name: 'other.jpg', path: '/home/me/trip/a/other.jpg' },
    ]);
    expect(Object.fromEntries(hints)).toEqual({ '1': 'in a', '2': 'in me/trip/b', '3': 'in you/trip/b' });
  });

  it('reads Windows paths too', () => {
    const hints = distinguishingFolders([
      { id: '1', name: 'x.png', path: 'C:\\Photos\\2023\\x.png' },
      { id: '2', name: 'x.png', path: 'C:\\Photos\\2024\\x.png' },
    ]);
    expect(Object.fromEntries(hints)).toEqual({ '1': 'in 2023', '2': 'in 2024' });
  });

  it('on the web host, where uploads sit in folders of its own, numbers the images of a name', () => {
    const hints = distinguishingFolders(
      [
        { id: '1', name: 'x.png', path: '/tmp/up/1/x.png' },
        { id: '2', name: 'x.png', path: '/tmp/up/2/x.png' },
        { id: '3', name: 'y.png', path: '/tmp/up/3/y.png' },
      ],
      { folders: false },
    );
    expect(Object.fromEntries(hints)).toEqual({ '1': '1st of 2 named so', '2': '2nd of 2 named so' });
  });
});
