/**
 * The batch's promises under hostile conditions, each from a defect found by an audit (see
 * docs/reliability.md): memory bounded by decoded pixels, no output path that hangs, temp names that
 * fit wherever the final name fits, stale temp files of killed runs removed, every input accounted for.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writePhoto } from '../images/test-fixtures';
import { imageCostBytes, MemoryBudget } from '../memory/budget';
import { FilterPool } from '../pool/index';
import { type BatchOptions, runBatch } from './index';
import { HOST_TAG, isTempName, nodeOutputFs, OutputFolderError } from './output';

let root: string;
let work: string;
let pool: FilterPool;
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pixelpool-reliability-'));
  pool = await FilterPool.create({ size: 2 });
});
afterAll(async () => {
  await pool.terminate();
  await rm(root, { recursive: true, force: true });
});
beforeEach(async () => {
  work = join(root, `t${counter++}`);
  await mkdir(work);
});

const batch = (opts: Omit<BatchOptions, 'steps'>) => runBatch({ steps: [{ id: 'invert' }], pool, ...opts });

async function photos(count: number, size = 32): Promise<string[]> {
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    paths.push(join(work, `p${i}.png`));
    await writePhoto(paths[i], { format: 'png', width: size, height: size });
  }
  return paths;
}

/** A writer slow enough that every stage upstream fills up when memory allows it. */
const slowWrite = async (path: string, data: Uint8Array, opts: { flag: 'wx' }) => {
  await new Promise((r) => setTimeout(r, 20));
  await nodeOutputFs.writeFile(path, data, opts);
};

describe('memory budget', () => {
  it('admits images by decoded size: a budget of one image keeps one in flight', async () => {
    const inputs = await photos(8);
    const slowBatch = (outDir: string, memory: MemoryBudget) =>
      batch({ inputs, outDir: join(work, outDir), memory, io: { writeFile: slowWrite } });
    const one = new MemoryBudget(imageCostBytes(32, 32));
    const summary = await slowBatch('one', one);
    expect(summary.processed).toBe(8);
    expect(summary.peakImagesInFlight).toBe(1);
    expect(one.usedBytes).toBe(0);

    const wide = await slowBatch('wide', new MemoryBudget(imageCostBytes(32, 32) * 100));
    expect(wide.peakImagesInFlight).toBeGreaterThan(1);
  });

  it('fails an image larger than the whole budget alone, saying what it needs', async () => {
    const small = await photos(2);
    const big = join(work, 'big.png');
    await writePhoto(big, { format: 'png', width: 64, height: 64 });
    const memory = new MemoryBudget(imageCostBytes(40, 40));
    const summary = await batch({ inputs: [small[0], big, small[1]], outDir: join(work, 'out'), memory });
    expect(summary.processed).toBe(2);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].path).toBe(big);
    expect(summary.failed[0].error).toMatch(
      /64x64 needs about .* of memory to edit, more than PixelPool's budget/,
    );
  });
});

describe('output paths', () => {
  it.skipIf(process.platform !== 'linux')(
    'refuses a folder inside /proc at once instead of hanging',
    async () => {
      const [input] = await photos(1);
      for (const out of ['/proc/self/pixelpool-x', '/proc/1/pixelpool-x', '/proc/sys/pixelpool-x/y']) {
        const err = await batch({ inputs: [input], outDir: out }).catch((e: unknown) => e);
        expect(err, out).toBeInstanceOf(OutputFolderError);
        expect((err as Error).message).toMatch(new RegExp(`^Cannot create the output folder ${out}: `));
      }
    },
  );

  it('creates every missing level of a nested output folder', async () => {
    const [input] = await photos(1);
    const out = join(work, 'a', 'b', 'c');
    expect((await batch({ inputs: [input], outDir: out })).processed).toBe(1);
    expect(await readdir(out)).toEqual(['p0-edited.png']);
  });

  it('writes a name as long as the file system allows; a longer one fails alone, naming the input', async () => {
    // 237 bytes: the temp name used to add 28 to the output name, past the 255 a file name can have.
    const fits = join(work, `${'f'.repeat(226)}.png`);
    const tooLong = join(work, `${'g'.repeat(250)}.png`);
    await writePhoto(fits, { format: 'png', width: 8, height: 8 });
    await writePhoto(tooLong, { format: 'png', width: 8, height: 8 });
    const out = join(work, 'out');
    const summary = await batch({ inputs: [fits, tooLong], outDir: out });
    expect(await readdir(out)).toEqual([`${'f'.repeat(226)}-edited.png`]);
    expect(summary.failed).toHaveLength(1);
    expect(summary.failed[0].path).toBe(tooLong);
    expect(summary.failed[0].error).toMatch(/is 261 bytes long, more than the 255 a file system takes/);
  });

  it('removes temp files a killed run left, never those of a live process or newer than the run', async () => {
    const [input] = await photos(1);
    const out = join(work, 'out');
    await mkdir(out);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout;
    const stale = join(out, `.pixelpool-tmp-${dead}-0123456789ab`);
    const staleProbe = join(out, `.probe.pixelpool-tmp-${dead}-0123456789ab`);
    const live = join(out, `.pixelpool-tmp-${process.pid}-0123456789ab`);
    const someoneElses = join(out, '.other-tmp-file');
    for (const path of [stale, staleProbe, live, someoneElses]) {
      await writeFile(path, 'partial');
      await utimes(path, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    }
    expect((await batch({ inputs: [input], outDir: out })).processed).toBe(1);
    const left = await readdir(out);
    expect(left).not.toContain(`.pixelpool-tmp-${dead}-0123456789ab`);
    expect(left).not.toContain(`.probe.pixelpool-tmp-${dead}-0123456789ab`);
    expect(left.sort()).toEqual([
      '.other-tmp-file',
      `.pixelpool-tmp-${process.pid}-0123456789ab`,
      'p0-edited.png',
    ]);
  });

  it("judges only this host's temp files by their pid: another host's (shared storage) stay", async () => {
    const [input] = await photos(1);
    const out = join(work, 'out');
    await mkdir(out);
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout;
    const otherHost = HOST_TAG === '00000000' ? '11111111' : '00000000';
    const mine = `.pixelpool-tmp-${dead}-${HOST_TAG}-0123456789ab`;
    const theirs = `.pixelpool-tmp-${dead}-${otherHost}-0123456789ab`;
    for (const name of [mine, theirs]) {
      await writeFile(join(out, name), 'partial');
      await utimes(join(out, name), new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    }
    expect([isTempName(mine), isTempName(theirs)]).toEqual([true, true]);
    expect((await batch({ inputs: [input], outDir: out })).processed).toBe(1);
    expect((await readdir(out)).sort()).toEqual([theirs, 'p0-edited.png']);
  });

  it('a one-file batch given its output name writes it there; run again with rerun same-bytes-written it counts the same file as written', async () => {
    const [input] = await photos(1);
    const out = join(work, 'out');
    const again = {
      inputs: [input],
      outDir: out,
      outputName: 'sub/fixed.png',
      onConflict: 'skip' as const,
      rerun: 'same-bytes-written' as const,
    };
    const first = await batch(again);
    const second = await batch(again);
    expect([first.processed, second.processed, second.skipped]).toEqual([1, 1, 0]);
    expect(await readdir(join(out, 'sub'))).toEqual(['fixed.png']);
    // Other bytes under the name are another file: the skip policy leaves them alone.
    await writeFile(join(out, 'sub/fixed.png'), 'not this output');
    const third = await batch(again);
    expect([third.processed, third.skipped]).toEqual([0, 1]);
    await expect(batch({ ...again, outputName: '../escape.png' })).rejects.toThrow(
      /the output name must be a path below the output folder/,
    );
  });

  it('creates no output folder when no input image is found', async () => {
    const out = join(work, 'never');
    const summary = await batch({ inputs: [join(work, 'missing.jpg')], outDir: out });
    expect(summary.total).toBe(1);
    expect(summary.failed[0].error).toMatch(/not found/);
    await expect(stat(out)).rejects.toThrow(/ENOENT/);
  });
});

describe('inputs', () => {
  it.skipIf(process.platform !== 'linux')(
    'lists a file whose name is not UTF-8 with its reason; the rest go on',
    async () => {
      const folder = join(work, 'in');
      await mkdir(folder);
      await writePhoto(join(folder, 'good.png'), { format: 'png', width: 8, height: 8 });
      const badName = Buffer.concat([
        Buffer.from(`${folder}/bad-`),
        Buffer.from([0xff, 0xfe]),
        Buffer.from('.png'),
      ]);
      await writeFile(
        badName,
        await writePhoto(join(work, 'src.png'), { format: 'png', width: 8, height: 8 }),
      );
      const summary = await batch({ inputs: [folder], outDir: join(work, 'out') });
      expect(summary.processed).toBe(1);
      expect(summary.failed).toHaveLength(1);
      expect(summary.failed[0].error).toMatch(/bad-\uFFFD\uFFFD\.png: skipped: its name is not valid UTF-8/);
      const named = await batch({ inputs: [`${folder}/bad-\uFFFD.png`], outDir: join(work, 'out2') });
      expect(named.failed[0].error).toMatch(
        /not found \(its name is not valid UTF-8 and cannot be passed on\)/,
      );
    },
  );

  it('names a symlink loop as such', async () => {
    const loop = join(work, 'loop.jpg');
    await symlink(loop, loop);
    const summary = await batch({ inputs: [loop], outDir: join(work, 'out') });
    expect(summary.failed).toEqual([{ path: loop, error: `${loop}: too many symbolic links (a link loop)` }]);
  });
});
