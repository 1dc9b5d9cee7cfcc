import { describe, expect, it } from 'vitest';
import type { AddPathsResult, DuplicateEntry, ImageEntry } from '../api/types';
import { addSummary } from './add-summary';

const image = (name: string): ImageEntry => ({
  id: name,
  name,
  path: `/p/${name}`,
  width: 10,
  height: 10,
  megapixels: 0.0001,
  format: 'jpeg',
  bytes: 100,
  thumbnail: null,
  addedAt: 0,
});

const duplicate = (name: string, of = name, kind: DuplicateEntry['kind'] = 'same-file'): DuplicateEntry => ({
  path: `/q/${name}`,
  name,
  kind,
  of: { imageId: of, name: of, path: `/p/${of}` },
});

const result = (over: Partial<AddPathsResult>): AddPathsResult => ({
  added: [],
  rejected: [],
  duplicates: [],
  ignored: 0,
  ...over,
});

describe('addSummary', () => {
  it('names the one file that was already in the list', () => {
    expect(addSummary(result({ added: [image('a.jpg')], duplicates: [duplicate('photo.jpg')] }))).toBe(
      '1 image added. photo.jpg is already in the list.',
    );
  });

  it('says which listed photo a copy under another name is', () => {
    expect(addSummary(result({ duplicates: [duplicate('copy.jpg', 'photo.jpg', 'same-bytes')] }))).toBe(
      'No image added. copy.jpg is already in the list, as photo.jpg.',
    );
  });

  it('counts several', () => {
    expect(
      addSummary(
        result({
          added: [image('a.jpg'), image('b.jpg')],
          ignored: 1,
          rejected: [{ path: '/x', name: 'x', reason: 'broken', kind: 'unknown' }],
          duplicates: [duplicate('c.jpg'), duplicate('d.jpg')],
        }),
      ),
    ).toBe(
      '2 images added, 1 could not be read, 1 non-image file ignored. 2 files were already in the list.',
    );
  });

  it('says nothing of duplicates when there were none', () => {
    expect(addSummary(result({ added: [image('a.jpg')] }))).toBe('1 image added.');
  });
});
