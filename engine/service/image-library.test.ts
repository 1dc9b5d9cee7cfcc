import { copyFile, link, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { photoLikePixels, writePhoto } from '../images/test-fixtures';
import { ImageLibrary } from './image-library';
import { MediaStore } from './media-store';

let dir: string;
let library: ImageLibrary;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-library-'));
  await mkdir(join(dir, 'a/sub'), { recursive: true });
  await mkdir(join(dir, 'b'), { recursive: true });
  await writePhoto(join(dir, 'a/photo.jpg'), { width: 96 });
  // Same name, other bytes: a different photo, shown with its folder.
  await writePhoto(join(dir, 'b/photo.jpg'), { width: 80 });
  await writePhoto(join(dir, 'a/other.jpg'), { width: 72 });
  await copyFile(join(dir, 'a/photo.jpg'), join(dir, 'b/copy-of-photo.jpg'));
  await symlink(join(dir, 'a/photo.jpg'), join(dir, 'b/link.jpg'));
  await link(join(dir, 'a/photo.jpg'), join(dir, 'b/hard.jpg'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  library = new ImageLibrary(new MediaStore(64 * 1024 * 1024));
});

const names = (entries: readonly { name: string }[]) => entries.map((e) => e.name);

describe('ImageLibrary duplicates', () => {
  it('adds a file once, however its path is spelled', async () => {
    const first = await library.add([join(dir, 'a/photo.jpg')]);
    expect(names(first.added)).toEqual(['photo.jpg']);
    const again = await library.add([
      join(dir, 'a/photo.jpg'),
      `${dir}/a/./photo.jpg`,
      `${dir}//a/sub/../photo.jpg`,
    ]);
    expect(again.added).toEqual([]);
    expect(again.duplicates).toHaveLength(3);
    for (const d of again.duplicates) {
      expect(d).toMatchObject({
        name: 'photo.jpg',
        kind: 'same-file',
        of: { imageId: first.added[0].id, name: 'photo.jpg', path: join(dir, 'a/photo.jpg') },
      });
    }
    expect(library.list()).toHaveLength(1);
  });

  it('knows the file behind a symlink or a hard link, in one request or two', async () => {
    const result = await library.add([join(dir, 'a/photo.jpg'), join(dir, 'b/link.jpg')]);
    expect(names(result.added)).toEqual(['photo.jpg']);
    expect(result.duplicates).toMatchObject([{ name: 'link.jpg', kind: 'same-file' }]);
    const hard = await library.add([join(dir, 'b/hard.jpg')]);
    expect(hard.duplicates).toMatchObject([
      { name: 'hard.jpg', kind: 'same-file', of: { name: 'photo.jpg' } },
    ]);
  });

  it('counts a copy (the same bytes at another path) as the photo it copies', async () => {
    await library.add([join(dir, 'a/photo.jpg')]);
    const result = await library.add([join(dir, 'b/copy-of-photo.jpg')]);
    expect(result.added).toEqual([]);
    expect(result.duplicates).toEqual([
      {
        path: join(dir, 'b/copy-of-photo.jpg'),
        name: 'copy-of-photo.jpg',
        kind: 'same-bytes',
        of: { imageId: library.list()[0].id, name: 'photo.jpg', path: join(dir, 'a/photo.jpg') },
      },
    ]);
  });

  it('keeps two different files of the same name, and a folder adds only what is new', async () => {
    const result = await library.add([join(dir, 'a/photo.jpg'), join(dir, 'b/photo.jpg')]);
    expect(names(result.added)).toEqual(['photo.jpg', 'photo.jpg']);
    expect(result.duplicates).toEqual([]);
    // Folder b holds photo.jpg (listed), its copy, a symlink and a hard link to a/photo.jpg.
    const folders = await library.add([join(dir, 'a'), join(dir, 'b')]);
    expect(names(folders.added)).toEqual(['other.jpg']);
    expect(names(folders.duplicates).sort()).toEqual(
      ['copy-of-photo.jpg', 'hard.jpg', 'link.jpg', 'photo.jpg', 'photo.jpg'].sort(),
    );
  });

  it('adds a removed file again', async () => {
    const [entry] = (await library.add([join(dir, 'a/photo.jpg')])).added;
    expect(library.remove([entry.id])).toBe(1);
    const back = await library.add([join(dir, 'b/copy-of-photo.jpg')]);
    expect(names(back.added)).toEqual(['copy-of-photo.jpg']);
  });

  it('tells apart images of the same size whose bytes differ only in the middle', async () => {
    // Uncompressed TIFFs of one size: only the full digest can tell them apart.
    const width = 256;
    const height = 256;
    const pixels = photoLikePixels(width, height);
    const other = Buffer.from(pixels);
    other.fill(0, (height / 2) * width * 3, (height / 2 + 4) * width * 3);
    const tiff = (data: Buffer) =>
      sharp(data, { raw: { width, height, channels: 3 } }).tiff({ compression: 'none' });
    await tiff(pixels).toFile(join(dir, 'a/scan-1.tif'));
    await tiff(other).toFile(join(dir, 'b/scan-2.tif'));
    await copyFile(join(dir, 'a/scan-1.tif'), join(dir, 'b/scan-1-copy.tif'));
    const result = await library.add([
      join(dir, 'a/scan-1.tif'),
      join(dir, 'b/scan-2.tif'),
      join(dir, 'b/scan-1-copy.tif'),
    ]);
    expect(names(result.added)).toEqual(['scan-1.tif', 'scan-2.tif']);
    expect(result.duplicates).toMatchObject([
      { name: 'scan-1-copy.tif', kind: 'same-bytes', of: { name: 'scan-1.tif' } },
    ]);
  });

  it('refuses a copy of a file it could not add for the same reason, not as a duplicate', async () => {
    await writeFile(join(dir, 'a/notes.png'), 'not a picture');
    await writeFile(join(dir, 'b/notes-copy.png'), 'not a picture');
    const result = await library.add([join(dir, 'a/notes.png'), join(dir, 'b/notes-copy.png')]);
    expect(result.added).toEqual([]);
    expect(result.duplicates).toEqual([]);
    expect(names(result.rejected)).toEqual(['notes.png', 'notes-copy.png']);
    expect(result.rejected[1].reason).toBe(result.rejected[0].reason);
  });
});
