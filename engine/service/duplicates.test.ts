import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DuplicateIndex, fileFacts, SAMPLE_BYTES } from './duplicates';

// Counted, to show which files are read and how much of them.
vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof import('node:fs/promises')>();
  return { ...real, open: vi.fn(real.open) };
});
vi.mock('node:fs', async (original) => {
  const real = await original<typeof import('node:fs')>();
  return { ...real, createReadStream: vi.fn(real.createReadStream) };
});

let dir: string;
const big = 3 * SAMPLE_BYTES;

function bytes(seed: number, size = big): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed * 17) & 0xff;
  return out;
}

async function put(name: string, data: Buffer): Promise<string> {
  const path = join(dir, name);
  await fsp.writeFile(path, data);
  return path;
}

async function indexed(...paths: string[]): Promise<DuplicateIndex> {
  const index = new DuplicateIndex();
  for (const [i, path] of paths.entries()) {
    index.add({ imageId: `id${i}`, name: path.split('/').pop() ?? '', path }, await fileFacts(path));
  }
  return index;
}

beforeAll(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'pixelpool-duplicates-'));
});

afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  vi.mocked(fsp.open).mockClear();
  vi.mocked(fs.createReadStream).mockClear();
});

describe('DuplicateIndex', () => {
  it('reads nothing of a file whose size no listed file has', async () => {
    const index = await indexed(await put('one.bin', bytes(1)));
    const other = await put('other-size.bin', bytes(1, big + 1));
    expect(await index.match(await fileFacts(other))).toBeNull();
    expect(fsp.open).not.toHaveBeenCalled();
    expect(fs.createReadStream).not.toHaveBeenCalled();
  });

  it('reads only the samples of same-sized files whose first bytes differ', async () => {
    const index = await indexed(await put('a.bin', bytes(1)));
    const b = await put('b.bin', bytes(2));
    expect(await index.match(await fileFacts(b))).toBeNull();
    expect(fsp.open).toHaveBeenCalledTimes(2);
    expect(fs.createReadStream).not.toHaveBeenCalled();
  });

  it('reads all the bytes only when the samples match, and keeps the digests', async () => {
    const original = bytes(1);
    const a = await put('a.bin', original);
    const middle = Buffer.from(original);
    middle[Math.floor(big / 2)] ^= 1;
    const index = await indexed(a);
    expect(await index.match(await fileFacts(await put('middle.bin', middle)))).toBeNull();
    expect(fs.createReadStream).toHaveBeenCalledTimes(2);

    const copy = await put('copy.bin', original);
    expect(await index.match(await fileFacts(copy))).toEqual({
      kind: 'same-bytes',
      of: { imageId: 'id0', name: 'a.bin', path: a },
    });
    // a.bin's sample and digest were kept: only the copy was read.
    expect(fsp.open).toHaveBeenCalledTimes(3);
    expect(fs.createReadStream).toHaveBeenCalledTimes(3);
  });

  it('takes the digest of a listed file again once it changed', async () => {
    const a = await put('changing.bin', bytes(1));
    const index = await indexed(a);
    const copy = await put('changing-copy.bin', bytes(1));
    expect((await index.match(await fileFacts(copy)))?.kind).toBe('same-bytes');
    // Same size, new bytes, a later modification time.
    await fsp.writeFile(a, bytes(5));
    await fsp.utimes(a, new Date(), new Date(Date.now() + 5_000));
    expect(await index.match(await fileFacts(copy))).toBeNull();
  });

  it('tells small files apart by their sample alone, which is all of them', async () => {
    const index = await indexed(await put('small.bin', bytes(1, 1000)));
    expect((await index.match(await fileFacts(await put('small-copy.bin', bytes(1, 1000)))))?.kind).toBe(
      'same-bytes',
    );
    expect(await index.match(await fileFacts(await put('small-other.bin', bytes(2, 1000))))).toBeNull();
    expect(fs.createReadStream).not.toHaveBeenCalled();
  });

  it('does not take a new file for a deleted one whose inode it reuses', async () => {
    const a = await put('gone.bin', bytes(1, 100));
    const index = await indexed(a);
    const facts = await fileFacts(a);
    await fsp.rm(a);
    // As if a new file had the deleted one's inode, and other bytes.
    const b = await put('new.bin', bytes(2, 100));
    expect(await index.match({ ...(await fileFacts(b)), inode: facts.inode })).toBeNull();
  });

  it('forgets a removed file', async () => {
    const a = await put('removed.bin', bytes(1, 100));
    const index = await indexed(a);
    index.remove('id0');
    expect(await index.match(await fileFacts(a))).toBeNull();
  });
});
