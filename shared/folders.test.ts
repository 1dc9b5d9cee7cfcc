import { describe, expect, it } from 'vitest';
import { mirroredFolders } from './folders';

describe('mirroredFolders', () => {
  it('gives each file its folder below the deepest folder they all share', () => {
    expect(mirroredFolders(['/p/tree/a/photo.jpg', '/p/tree/b/photo.jpg', '/p/tree/top.jpg'])).toEqual([
      'a/',
      'b/',
      '',
    ]);
    expect(mirroredFolders(['/p/tree/2024/rome/x.jpg', '/p/tree/2024/oslo/deep/y.jpg'])).toEqual([
      'rome/',
      'oslo/deep/',
    ]);
  });

  it('puts a lone file, or files of one folder, at the top', () => {
    expect(mirroredFolders(['/p/a/x.jpg'])).toEqual(['']);
    expect(mirroredFolders(['/p/a/x.jpg', '/p/a/y.jpg'])).toEqual(['', '']);
    expect(mirroredFolders([])).toEqual([]);
  });

  it('does not take a folder for a prefix of another name', () => {
    expect(mirroredFolders(['/p/ab/x.jpg', '/p/abc/y.jpg'])).toEqual(['ab/', 'abc/']);
  });

  it('reads Windows paths, and two drives share nothing, so both go to the top', () => {
    expect(mirroredFolders(['C:\\Users\\me\\a\\x.jpg', 'C:\\Users\\me\\b\\y.jpg'])).toEqual(['a/', 'b/']);
    expect(mirroredFolders(['C:\\a\\x.jpg', 'D:\\b\\y.jpg'])).toEqual(['', '']);
  });
});
