/**
 * The command line as a user runs it: `node out/main/hosts/cli.js …` (built by Vitest's globalSetup),
 * checking exit codes, stdout and stderr.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TAGGED, writePhoto, writeTaggedPhoto, writeTruncatedJpeg } from '../../engine/images/test-fixtures';
import { PresetStore } from '../../engine/presets/store';
import { filters } from '../../workers/filters/index';
import { CLI, ROOT, type Run, runCli } from './test-hosts';

function pixelpool(args: string[], opts: { onSpawn?: (child: ChildProcess) => void } = {}): Promise<Run> {
  return runCli(CLI, args, opts);
}

/** The profile's 'desc' tag (ICC.1:2010, 9.2.41: an mluc record), e.g. "sRGB", or "sP3C" for libvips' Display P3. */
function iccDescription(icc: Buffer): string {
  const count = icc.readUInt32BE(128);
  for (let i = 0; i < count; i++) {
    const at = 132 + i * 12;
    if (icc.toString('latin1', at, at + 4) !== 'desc') continue;
    const offset = icc.readUInt32BE(at + 4);
    if (icc.toString('latin1', offset, offset + 4) !== 'mluc') return '(not mluc)';
    const length = icc.readUInt32BE(offset + 20);
    const start = offset + icc.readUInt32BE(offset + 24);
    return Buffer.from(icc.subarray(start, start + length))
      .swap16()
      .toString('utf16le');
  }
  return '(none)';
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('pixelpool lab race', () => {
  it('--json prints the pixels, the exact total and the four variants, the synchronised ones exact', async () => {
    const photo = join(dir, 'race.png');
    await writePhoto(photo, { format: 'png', width: 120, height: 80 });
    const run = await pixelpool(['lab', 'race', photo, '--workers', '2', '--runs', '2', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect([report.pixels, report.expected, report.workers, report.runs]).toEqual([9600, 28800, 2, 2]);
    expect(report.variants.map((v: { name: string }) => v.name)).toEqual([
      'unsynchronised',
      'atomic',
      'lock',
      'private',
    ]);
    for (const v of report.variants) {
      expect(v.total + v.lost).toBe(28800);
      expect(typeof v.ms).toBe('number');
      if (v.name !== 'unsynchronised') expect([v.name, v.lost]).toEqual([v.name, 0]);
    }
  });

  it('prints the table and names the Python API each variant mirrors; refuses a bad --runs', async () => {
    const photo = join(dir, 'race-table.png');
    await writePhoto(photo, { format: 'png', width: 40, height: 30 });
    const run = await pixelpool(['lab', 'race', photo, '--runs', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^unsynchronised +[\d.]+ +(yes|no)/m);
    expect(run.stdout).toContain('multiprocessing.Array(lock=False)');
    expect(run.stdout).toContain('get_lock()');
    const bad = await pixelpool(['lab', 'race', photo, '--runs', '0']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--runs must be a whole number/)]);
  });
});

describe('pixelpool lab cores', () => {
  it('--json has one point per pool size, 1 worker at 1.00x, and where adding workers stopped helping', async () => {
    const photo = join(dir, 'cores.png');
    await writePhoto(photo, { format: 'png', width: 60, height: 40 });
    const run = await pixelpool([
      'lab',
      'cores',
      photo,
      '--filters',
      'invert',
      '--max-workers',
      '2',
      '--runs',
      '1',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.points.map((p: { workers: number }) => p.workers)).toEqual([1, 2]);
    expect(report.points[0].speedup).toBe(1);
    expect([1, 2]).toContain(report.stopsHelpingAt);
    expect(report).toMatchObject({ images: 1, runs: 1 });
  });
});

describe('pixelpool lab processes', () => {
  it('--json has threads and processes, each with start-up, memory, round trip and speedup', async () => {
    const photo = join(dir, 'processes.png');
    await writePhoto(photo, { format: 'png', width: 48, height: 32 });
    const run = await pixelpool([
      'lab',
      'processes',
      photo,
      '--filters',
      'invert',
      '--workers',
      '2',
      '--runs',
      '1',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    for (const kind of ['threads', 'processes']) {
      for (const field of ['startMs', 'roundTripMs', 'speedup'])
        expect(report[kind][field], `${kind}.${field}`).toBeGreaterThan(0);
      expect(report[kind]).toHaveProperty('rssMbPerWorker');
    }
    expect(report).toMatchObject({ workers: 2, images: 1, runs: 1 });
  });
});

describe('pixelpool lab manager', () => {
  it('--json counts every update both ways; a bad --updates is a usage error', async () => {
    const run = await pixelpool(['lab', 'manager', '--workers', '2', '--updates', '500', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.results.map((r: { mode: string; counted: number }) => [r.mode, r.counted])).toEqual([
      ['message', 1000],
      ['shared', 1000],
    ]);
    const bad = await pixelpool(['lab', 'manager', '--updates', 'lots']);
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/--updates must be a whole number/)]);
  });
});

describe('pixelpool lab pool and lab queue', () => {
  let photos: string;
  beforeAll(async () => {
    photos = join(dir, 'lab-photos');
    await mkdir(photos);
    await writePhoto(join(photos, 'a.png'), { format: 'png', width: 60, height: 40 });
    await writePhoto(join(photos, 'b.jpg'), { format: 'jpeg', width: 48, height: 64 });
  });

  it('lab pool --json: every method, every photo of the folder once, in the named shape', async () => {
    const run = await pixelpool(['lab', 'pool', photos, '--workers', '2', '--rounds', '1', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect([report.workers, report.rounds, report.filters]).toEqual([2, 1, 'gaussian-blur:sigma=3']);
    expect(report.methods.map((m: { name: string }) => m.name)).toEqual([
      'apply',
      'applyAsync',
      'map',
      'imap',
      'imap_unordered',
    ]);
    for (const method of report.methods) {
      expect(typeof method.totalMs).toBe('number');
      const indexes = method.arrivals.map((a: { index: number }) => a.index).sort();
      expect(indexes, method.name).toEqual([0, 1]);
      for (const arrival of method.arrivals) {
        expect(arrival).toEqual({
          index: expect.any(Number),
          label: expect.any(String),
          ms: expect.any(Number),
        });
      }
    }
    expect(report.machine.warnings).toEqual(expect.any(Array));
    // The task that throws in a worker: the parent's error carries the worker's frames.
    expect(report.childError).toMatchObject({
      name: 'PipelineError',
      callbackGotIt: true,
      getReraised: true,
    });
    expect(report.childError.workerFrames.join('\n')).toMatch(/checkStepsInWorker .*filter\.worker\.js/);
  });

  it('lab pool prints the timeline and names the Python calls', async () => {
    const run = await pixelpool([
      'lab',
      'pool',
      join(photos, 'a.png'),
      '--rounds',
      '1',
      '--filters',
      'invert',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^imap_unordered +[\d.]+/m);
    expect(run.stdout).toMatch(/imap delivered its first result at \d+ ms, map at \d+ ms/);
    for (const name of ['Pool.map', 'Pool.imap', 'Pool.apply', 'Pool.apply_async', 'Pool.imap_unordered']) {
      expect(run.stdout).toContain(name);
    }
    // The error from the child, its stack as the parent got it, the worker's frames marked.
    expect(run.stdout).toContain('The error from the child, as the parent received it');
    expect(run.stdout).toMatch(/^ {2}PipelineError: step 1 \(gaussian-blur\): parameter "sigma"/m);
    expect(run.stdout).toMatch(/^> +at checkStepsInWorker \(.*filter\.worker\.js:\d+:\d+\)$/m);
  });

  it('lab queue --json: each capacity in the named shape, bounded depths, the sentinel; the text names queue.Queue', async () => {
    const args = ['lab', 'queue', photos, '--workers', '2', '--filters', 'invert', '--capacities', '1,0'];
    const run = await pixelpool([...args, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.capacities.map((c: { capacity: number }) => c.capacity)).toEqual([1, 0]);
    for (const c of report.capacities) {
      expect(c).toMatchObject({
        totalMs: expect.any(Number),
        megapixelsPerSecond: expect.any(Number),
        peakImagesInMemory: expect.any(Number),
        peakBytes: expect.any(Number),
        endedWithSentinel: true,
      });
      expect(c.processed).toHaveLength(2);
      for (const queue of [c.depths.decoded, c.depths.filtered]) {
        for (const [ms, depth] of queue) {
          expect(typeof ms).toBe('number');
          if (c.capacity > 0) expect(depth).toBeLessThanOrEqual(c.capacity);
        }
      }
    }
    const text = await pixelpool(args);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^unbounded +\d+/m);
    expect(text.stdout).toContain('queue.Queue(maxsize)');
    expect(text.stdout).toContain('DONE sentinel');
  });

  it('refuses a bad --capacities, --rounds and an input that is not there (exit 2, the option named)', async () => {
    const bad = await pixelpool(['lab', 'queue', photos, '--capacities', '1,x']);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      expect.stringMatching(
        /--capacities must be queue capacities from 0 \(unbounded\) to \d+ .*got "1,x"; "x" is not one/,
      ),
    ]);
    const rounds = await pixelpool(['lab', 'pool', photos, '--rounds', '0']);
    expect([rounds.code, rounds.stderr]).toEqual([
      2,
      expect.stringMatching(/--rounds must be a whole number/),
    ]);
    const missing = await pixelpool(['lab', 'pool', join(dir, 'no-such-photo.jpg')]);
    expect([missing.code, missing.stderr]).toEqual([
      2,
      expect.stringMatching(/the inputs must be .*not found/),
    ]);
  });
});

describe('pixelpool filters', () => {
  it('lists every filter with its parameters, defaults and bounds', async () => {
    const run = await pixelpool(['filters']);
    expect(run.code, run.stderr).toBe(0);
    for (const f of filters) {
      expect(run.stdout).toMatch(new RegExp(`^${f.id}  \\(${f.category}\\)`, 'm'));
      for (const p of f.params) expect(run.stdout).toContain(`${p.key}=<`);
    }
    // The geometry steps come first, their choices listed as the spec takes them.
    expect(run.stdout).toMatch(/^resize {2}\(geometry\)/m);
    expect(run.stdout).toContain('fit=<inside|cover|fill>  default inside');
    expect(run.stdout).toContain('angle=<90|180|270>  default 90');
    const json = JSON.parse((await pixelpool(['filters', '--json'])).stdout);
    expect(json.filters.map((f: { id: string }) => f.id)).toEqual([
      'resize',
      'crop',
      'rotate',
      'flip',
      'flop',
      ...filters.map((f) => f.id),
    ]);
  });
});

describe('usage errors exit with code 2 and say what is wrong', () => {
  const input = () => join(dir, 'u.jpg');
  beforeAll(async () => {
    await writePhoto(input());
  });

  it.each([
    [
      ['--filters', 'gaussian-blurr:sigma=3'],
      /the step must be one of .*, got "gaussian-blurr" \(did you mean "gaussian-blur"\?\)/,
    ],
    [
      ['--filters', 'gaussian-blur:sigma=999'],
      /\(gaussian-blur\): parameter "sigma" must be a number from .* got 999/,
    ],
    [
      ['--filters', 'gaussian-blur:sigma=abc'],
      /step 1 \(gaussian-blur\): parameter "sigma" must be a number from 0\.5 to 20, got "abc"/,
    ],
    [['--filters', 'sobel,,invert'], /Filter spec piece 2 of 3 is empty/],
    [['--filters', '@missing-preset.json'], /missing-preset\.json: preset file not found/],
    [
      ['--filters', 'invert', '--workers', '2', '--serial'],
      /^pixelpool: --serial must be left out when --workers is given, got true; use one or the other\n$/,
    ],
    [['--filters', 'invert', '--format', 'gif'], /'--format <format>' argument 'gif' is invalid/],
    [
      ['--filters', 'invert', '--quality', '101'],
      /^pixelpool: --quality must be a whole number from 1 to 100, got "101"\n$/,
    ],
    [['--filters', 'invert', '--name', '{nme}.{ext}'], /\{nme\} is not one/],
    [['--filters', 'invert', '--name', 'edited.{ext}'], /every file would get the same name/],
  ])('batch %j', async (extra, message) => {
    const run = await pixelpool(['batch', input(), '--out', join(dir, 'never'), ...extra]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
    await expect(readdir(join(dir, 'never'))).rejects.toThrow(/ENOENT/);
  });

  it('batch without --out', async () => {
    const run = await pixelpool(['batch', input(), '--filters', 'invert']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain("required option '--out <dir>' not specified");
  });

  it('--version prints the package version', async () => {
    const run = await pixelpool(['--version']);
    expect([run.code, run.stdout.trim()]).toEqual([
      0,
      JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')).version,
    ]);
  });

  it('an unknown command', async () => {
    const run = await pixelpool(['bacth']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'bacth'/);
  });
});

describe('pixelpool batch', () => {
  it('writes the good files, lists the bad one and exits 1', async () => {
    const input = join(dir, 'mixed');
    await mkdir(input);
    await writePhoto(join(input, 'one.jpg'));
    await writePhoto(join(input, 'two.png'), { format: 'png' });
    await writeTruncatedJpeg(join(input, 'three.jpg'));
    await writeFile(join(input, 'notes.txt'), 'not a photo');
    const out = join(dir, 'mixed-out');
    const run = await pixelpool([
      'batch',
      input,
      '--out',
      out,
      '--filters',
      'invert',
      '--workers',
      '2',
      '--format',
      'webp',
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain(`Wrote 2 of 3 images to ${out}`);
    expect(run.stdout).toContain(`Failed 1:\n  ${join(input, 'three.jpg')}: truncated or corrupt JPEG`);
    // The app says how many files were not images; the CLI names them.
    expect(run.stdout).toContain('Left alone 1 file that is not an image (by extension): notes.txt.\n');
    expect((await readdir(out)).sort()).toEqual(['one-edited.webp', 'two-edited.webp']);
    expect((await sharp(join(out, 'one-edited.webp')).metadata()).format).toBe('webp');
  });

  it('exits 0 when every file is written, serial too', async () => {
    const input = join(dir, 'ok.png');
    await writePhoto(input, { format: 'png' });
    const run = await pixelpool([
      'batch',
      input,
      '--out',
      join(dir, 'ok-out'),
      '--filters',
      'invert',
      '--serial',
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain('serial (1 core)');
    expect(await readdir(join(dir, 'ok-out'))).toEqual(['ok-edited.png']);
  });

  it('resize:width=800 keeps EXIF, density and colour tagged sRGB; --metadata strip leaves none; --strip-gps only the location', async () => {
    // Stored 1200 x 900 with orientation 6, so 900 x 1200 upright; a Display-P3 profile, 300 dpi.
    const input = join(dir, 'camera.jpg');
    await writeTaggedPhoto(input, { width: 1200, height: 900 });
    const source = await sharp(input).metadata();
    expect(source.orientation).toBe(6);
    const written = async (out: string, extra: string[]) => {
      const run = await pixelpool(['batch', input, '--out', out, '--filters', 'resize:width=800', ...extra]);
      expect(run.code, run.stderr).toBe(0);
      expect(await readdir(out)).toEqual(['camera-edited.jpg']);
      const path = join(out, 'camera-edited.jpg');
      return { meta: await sharp(path).metadata(), path };
    };

    const { meta: kept } = await written(join(dir, 'meta-keep'), []);
    expect([kept.width, kept.height, kept.orientation]).toEqual([800, 1067, 1]);
    expect(kept.density).toBe(TAGGED.density);
    const exif = exifReader(kept.exif as Buffer);
    expect(exif.Image).toMatchObject({
      Artist: TAGGED.artist,
      Copyright: TAGGED.copyright,
      Make: TAGGED.make,
    });
    expect(exif.GPSInfo?.GPSLatitudeRef).toBe('N');
    expect(kept.xmp?.toString()).toContain(TAGGED.xmpCreator);
    expect(kept.iptc?.toString('latin1')).toContain(TAGGED.iptcByline);
    // Converted to sRGB and tagged so: the profile is not the input's P3 one.
    expect(kept.icc).toBeDefined();
    expect(Buffer.compare(kept.icc as Buffer, source.icc as Buffer)).not.toBe(0);
    expect(iccDescription(kept.icc as Buffer)).toBe('sRGB');
    expect(iccDescription(source.icc as Buffer)).toBe('sP3C');

    const { meta: stripped } = await written(join(dir, 'meta-strip'), ['--metadata', 'strip']);
    expect([stripped.exif, stripped.xmp, stripped.iptc, stripped.icc]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(stripped.density ?? 72).toBe(72);

    const { meta: noGps } = await written(join(dir, 'meta-nogps'), ['--strip-gps']);
    const exifNoGps = exifReader(noGps.exif as Buffer);
    expect(exifNoGps.GPSInfo).toBeUndefined();
    expect(exifNoGps.Image).toMatchObject({ Artist: TAGGED.artist, Copyright: TAGGED.copyright });
    expect(noGps.xmp?.toString()).not.toMatch(/exif:GPS/);
    expect(noGps.density).toBe(TAGGED.density);

    const bad = await pixelpool([
      'batch',
      input,
      '--out',
      join(dir, 'meta-bad'),
      '--filters',
      'invert',
      '--metadata',
      'some',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--metadata.*keep, strip/);
  });

  it('--keep-folders mirrors a tree with two photo.jpg in different folders', async () => {
    const tree = join(dir, 'tree');
    await mkdir(join(tree, '2024', 'rome'), { recursive: true });
    await mkdir(join(tree, '2025', 'oslo'), { recursive: true });
    await writePhoto(join(tree, '2024', 'rome', 'photo.jpg'));
    await writePhoto(join(tree, '2025', 'oslo', 'photo.jpg'));
    await writePhoto(join(tree, 'cover.jpg'));
    const out = join(dir, 'tree-out');
    const run = await pixelpool(['batch', tree, '--out', out, '--filters', 'invert', '--keep-folders']);
    expect(run.code, run.stderr).toBe(0);
    expect((await readdir(out, { recursive: true })).sort()).toEqual(
      [
        '2024',
        '2024/rome',
        '2024/rome/photo-edited.jpg',
        '2025',
        '2025/oslo',
        '2025/oslo/photo-edited.jpg',
        'cover-edited.jpg',
      ].map((p) => join(...p.split('/'))),
    );
    const flat = join(dir, 'tree-flat');
    const plain = await pixelpool(['batch', tree, '--out', flat, '--filters', 'invert']);
    expect(plain.code, plain.stderr).toBe(0);
    expect((await readdir(flat)).sort()).toEqual([
      'cover-edited.jpg',
      'photo-edited-1.jpg',
      'photo-edited.jpg',
    ]);
  });

  it('--preset runs a named preset from the folder the app saves them in; pixelpool presets lists them', async () => {
    const presetsDir = join(dir, 'named');
    process.env.PIXELPOOL_PRESETS_DIR = presetsDir;
    try {
      const none = await pixelpool([
        'batch',
        join(dir, 'x.png'),
        '--out',
        join(dir, 'np'),
        '--preset',
        'Web',
      ]);
      expect(none.code).toBe(2);
      expect(none.stderr).toMatch(/no preset named "Web" in .*named; none is saved yet/);
      // As the app's Save writes it (engine/presets/store.ts).
      await new PresetStore(presetsDir).save('Web 800', [{ id: 'resize', params: { width: 8 } }]);
      const input = join(dir, 'for-preset.png');
      await writePhoto(input, { format: 'png', width: 16, height: 10 });
      const out = join(dir, 'preset-out');
      const run = await pixelpool(['batch', input, '--out', out, '--preset', 'Web 800']);
      expect(run.code, run.stderr).toBe(0);
      expect((await sharp(join(out, 'for-preset-edited.png')).metadata()).width).toBe(8);

      const wrong = await pixelpool(['batch', input, '--out', out, '--preset', 'web']);
      expect(wrong.code).toBe(2);
      expect(wrong.stderr).toMatch(/no preset named "web" .*saved presets: "Web 800"/);
      const both = await pixelpool([
        'batch',
        input,
        '--out',
        out,
        '--preset',
        'Web 800',
        '--filters',
        'invert',
      ]);
      expect(both.code).toBe(2);
      expect(both.stderr).toMatch(/--preset must be left out when --filters is given/);
      const neither = await pixelpool(['batch', input, '--out', out]);
      expect(neither.code).toBe(2);
      expect(neither.stderr).toMatch(/--filters must be a pipeline, or --preset <name>/);

      const listed = await pixelpool(['presets']);
      expect(listed.code, listed.stderr).toBe(0);
      expect(listed.stdout).toContain(`Presets in ${presetsDir}:`);
      expect(listed.stdout).toMatch(/Web 800 {2}resize:width=8/);
      const json = JSON.parse((await pixelpool(['presets', '--json'])).stdout);
      expect(json).toMatchObject({ dir: presetsDir, presets: [{ name: 'Web 800' }], problems: [] });
    } finally {
      delete process.env.PIXELPOOL_PRESETS_DIR;
    }
  });

  it('reads the pipeline from @preset.json', async () => {
    const preset = join(dir, 'preset.json');
    await writeFile(preset, JSON.stringify({ pixelpool: 1, filters: [{ id: 'invert', enabled: true }] }));
    const input = join(dir, 'p.png');
    await writePhoto(input, { format: 'png', width: 4, height: 4 });
    const run = await pixelpool(['batch', input, '--out', join(dir, 'p-out'), '--filters', `@${preset}`]);
    expect(run.code, run.stderr).toBe(0);
  });

  it('Ctrl-C cancels: exit 130, only complete files, no temp files', async () => {
    const input = join(dir, 'many');
    await mkdir(input);
    const photo = join(ROOT, 'assets/photos/forest-path.jpg');
    for (let i = 0; i < 16; i++) await cp(photo, join(input, `p${i}.jpg`));
    const out = join(dir, 'many-out');
    const run = await pixelpool(
      ['batch', input, '--out', out, '--filters', 'gaussian-blur:sigma=4', '--serial', '--format', 'png'],
      {
        onSpawn(child) {
          // Interrupt once the first file is out, while the rest are still on their way.
          const poll = setInterval(async () => {
            const names = await readdir(out).catch(() => [] as string[]);
            if (names.some((n) => !n.startsWith('.'))) {
              clearInterval(poll);
              child.kill('SIGINT');
            }
          }, 20);
          child.on('close', () => clearInterval(poll));
        },
      },
    );
    expect(run.code, run.stderr).toBe(130);
    expect(run.stdout).toContain('Cancelled: wrote');
    const names = await readdir(out);
    expect(names.length).toBeGreaterThan(0);
    expect(names.length).toBeLessThan(16);
    for (const name of names) {
      expect(name).toMatch(/^p\d+-edited\.png$/);
      const meta = await sharp(join(out, name)).metadata();
      expect([meta.width, meta.height]).toEqual([2560, 1600]);
      await sharp(join(out, name), { failOn: 'warning' }).raw().toBuffer(); // whole, not truncated
    }
  });

  it('a folder without images is a usage error', async () => {
    await mkdir(join(dir, 'nothing-here'), { recursive: true });
    const run = await pixelpool([
      'batch',
      join(dir, 'nothing-here'),
      '--out',
      join(dir, 'n-out'),
      '--filters',
      'invert',
    ]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      `the inputs must be image files or folders with images, got ${JSON.stringify([join(dir, 'nothing-here')])}`,
    );
  });

  it('reports an output folder that cannot be created and exits 1', async () => {
    const input = join(dir, 'x.jpg');
    await writePhoto(input);
    await writeFile(join(dir, 'plain-file'), '');
    const run = await pixelpool([
      'batch',
      input,
      '--out',
      join(dir, 'plain-file', 'out'),
      '--filters',
      'invert',
    ]);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain(
      `Cannot create the output folder ${join(dir, 'plain-file', 'out')}: a part of the path is a file`,
    );
  });
});

describe('pixelpool bench', () => {
  it('--json prints one JSON object with the runs, progress only on stderr', async () => {
    const input = join(dir, 'bench.png');
    await writePhoto(input, { format: 'png', width: 64, height: 48 });
    const run = await pixelpool([
      'bench',
      input,
      '--filters',
      'gaussian-blur:sigma=2',
      '--workers',
      '1,2',
      '--transport',
      'copy,shared',
      '--repeat',
      '1',
      '--kernels',
      'js',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.images).toEqual([expect.objectContaining({ path: input, width: 64, height: 48 })]);
    // Both scopes by default, each with the serial baseline and every configuration; the job's in both
    // schedules, and the sharp script at each worker count.
    const configs = report.runs.map(
      (r: {
        scope: string;
        mode: string;
        workers: number;
        transport: string | null;
        schedule: string | null;
      }) => [r.scope, r.mode, r.workers, r.transport, r.schedule].join(' '),
    );
    const pools = ['1 copy', '1 shared', '2 copy', '2 shared'];
    expect(configs.sort()).toEqual(
      [
        ...pools.map((c) => `filter pool ${c} strips`),
        'filter serial 1  ',
        ...pools.flatMap((c) => [`job pool ${c} images`, `job pool ${c} strips`]),
        'job reference 1  ',
        'job reference 2  ',
        'job serial 1  ',
      ].sort(),
    );
    // The kernels asked for ran everywhere the kernels run (the script is sharp's own code).
    expect(report.kernels).toBe('js');
    expect(report).not.toHaveProperty('kernelsFallback');
    for (const r of report.runs) expect(r.kernels).toBe(r.mode === 'reference' ? null : 'js');
    expect(report.jobReference.summary).toMatch(
      /^PixelPool takes \d+\.\d\dx the time of a 12-line sharp script/,
    );
    expect(report.jobReferenceMissing).toBeNull();
    for (const r of report.runs) {
      for (const field of ['medianMs', 'megapixelsPerSecond', 'speedup', 'efficiency']) {
        expect(typeof r[field]).toBe('number');
        expect(r[field]).toBeGreaterThan(0);
      }
      // The fields other checks rely on (issue 7).
      expect(['filter', 'job']).toContain(r.scope);
      expect(r.speedupCI).toEqual([expect.any(Number), expect.any(Number)]);
      expect(r.speedupCI[0]).toBeLessThanOrEqual(r.speedupCI[1]);
      if (r.mode === 'serial') expect(r.speedupCI).toEqual([1, 1]);
      expect(typeof r.cv).toBe('number');
      expect(Array.isArray(r.warnings)).toBe(true);
      for (const w of r.warnings) expect(typeof w).toBe('string');
      for (const field of ['minMs', 'maxMs', 'outliers', 'pairs']) expect(typeof r[field]).toBe('number');
      // A speedup beyond the workers or the cores always carries a warning.
      if (r.speedup > r.workers || r.speedup > report.machine.cores)
        expect(r.warnings.length).toBeGreaterThan(0);
    }
    expect(Array.isArray(report.warnings)).toBe(true);
    for (const w of report.warnings) expect(typeof w).toBe('string');
    expect(report.scope).toBe('both');
    for (const fit of [report.amdahl, report.jobAmdahl]) {
      expect(fit.serialFractionCI).toEqual([expect.any(Number), expect.any(Number)]);
      expect(typeof fit.trusted).toBe('boolean');
    }
    expect(report.method.join(' ')).toContain('per-pair');
    expect(report.machine.cores).toBeGreaterThan(0);
  });

  it('--pool processes benchmarks pools of child processes, with the copy transport', async () => {
    const input = join(dir, 'bench-processes.png');
    await writePhoto(input, { format: 'png', width: 40, height: 30 });
    const run = await pixelpool([
      'bench',
      input,
      '--filters',
      'invert',
      '--workers',
      '2',
      '--scope',
      'filter',
      '--repeat',
      '1',
      '--pool',
      'processes',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.pool).toBe('processes');
    expect(report.runs.map((r: { mode: string; transport: string | null }) => [r.mode, r.transport])).toEqual(
      [
        ['serial', null],
        ['pool', 'copy'],
      ],
    );
    const refused = await pixelpool([
      'bench',
      input,
      '--filters',
      'invert',
      '--pool',
      'processes',
      '--transport',
      'shared',
    ]);
    expect([refused.code, refused.stderr]).toEqual([
      2,
      expect.stringMatching(/"copy" for a pool of processes/),
    ]);
  });

  it('--scope job --time-budget measures the job alone, adaptively', async () => {
    const input = join(dir, 'bench-job.png');
    await writePhoto(input, { format: 'png', width: 40, height: 30 });
    const run = await pixelpool([
      'bench',
      input,
      '--filters',
      'invert',
      '--workers',
      '2',
      '--scope',
      'job',
      '--time-budget',
      '1',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(
      report.runs.map(
        (r: { scope: string; mode: string; schedule: string }) => `${r.scope} ${r.mode} ${r.schedule}`,
      ),
    ).toEqual(['job serial null', 'job pool strips', 'job pool images']);
    expect(report.jobReference).toBeNull();
    expect(report.jobReferenceMissing).toMatch(/^No sharp script to compare with/);
    expect(report).toMatchObject({ scope: 'job', timeBudgetSeconds: 1, amdahl: null });
    expect(['converged', 'budget']).toContain(report.stoppedBy);
    expect(report.runs[1].pairs).toBe(report.repeat);
  });

  it('prints the table by default', async () => {
    const input = join(dir, 'bench-table.png');
    await writePhoto(input, { format: 'png', width: 16, height: 16 });
    const run = await pixelpool(['bench', input, '--filters', 'invert', '--workers', '2', '--repeat', '1']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Filter stage: decoded pixels in, filtered pixels out/m);
    expect(run.stdout).toMatch(/^Whole job: file bytes in, encoded bytes out/m);
    expect(run.stdout).toMatch(/^serial +\d+\.\d +\d+\.\d +1\.00x /m);
    expect(run.stdout).toMatch(/^2 workers, shared +\d+\.\d +\d+\.\d +\d\.\d\dx +\d\.\d\d-\d\.\d\dx /m);
    for (const line of run.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(run.stdout.endsWith('\n')).toBe(true); // the shell prompt starts on a line of its own
  });

  it.each([
    [
      ['--filters', 'sobel:radius=2'],
      /\(sobel\): the parameter must be none: "sobel" takes no parameters, got "radius"/,
    ],
    [
      ['--filters', 'invert', '--workers', '0'],
      /--workers must be worker counts from 1 to 64 separated by commas, e\.g\. 1,2,4, got "0"; "0" is not one/,
    ],
    [
      ['--filters', 'invert', '--transport', 'pigeon'],
      /--transport must be one of copy, transfer, shared, or a comma list of them, got "pigeon"/,
    ],
    [['--filters', 'invert', '--repeat', 'x'], /--repeat must be a whole number from 1 to 100, got "x"/],
    // The API's limits (shared/limits.ts), so a command line is refused where a request would be.
    [
      ['--filters', 'invert', '--workers', '1,65'],
      /worker counts from 1 to 64 separated by commas, e\.g\. 1,2,4, got "1,65"; "65" is not one/,
    ],
    [['--filters', 'invert', '--repeat', '101'], /--repeat must be a whole number from 1 to 100, got "101"/],
    [
      ['--filters', 'invert', '--scope', 'all'],
      /^pixelpool: --scope must be one of filter, job, both, got "all"\n$/,
    ],
    [
      ['--filters', 'invert', '--kernels', 'gpu'],
      /^pixelpool: --kernels must be one of js, wasm, got "gpu"\n$/,
    ],
    [
      ['--filters', 'invert', '--time-budget', '0'],
      /^pixelpool: --time-budget must be a whole number from 1 to 3600 \(seconds\), got "0"\n$/,
    ],
    [
      ['--filters', 'invert', '--time-budget', '2.5'],
      /--time-budget must be a whole number from 1 to 3600 \(seconds\), got "2\.5"/,
    ],
    [
      ['--filters', 'invert', '--repeat', '3', '--time-budget', '20'],
      /^pixelpool: --time-budget must be left out when --repeat is given, got 20; use one or the other\n$/,
    ],
  ])('usage error %j exits 2', async (extra, message) => {
    const input = join(dir, 'bench-usage.png');
    await writePhoto(input, { format: 'png', width: 8, height: 8 });
    const run = await pixelpool(['bench', input, ...extra]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('a worker host refuses a stall interval under 2 s, before it connects to anything', async () => {
    const run = await pixelpool(['worker', '--redis', 'redis://127.0.0.1:1', '--stall-seconds', '1']);
    expect([run.code, run.stderr]).toEqual([
      2,
      'pixelpool: --stall-seconds must be a whole number from 2 to 3600 (seconds), got "1"\n',
    ]);
  });

  it('a corrupt image exits 1 with the file and the cause, no stack', async () => {
    const input = join(dir, 'bench-cut.jpg');
    await writeTruncatedJpeg(input);
    const run = await pixelpool(['bench', input, '--filters', 'invert', '--repeat', '1']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^pixelpool: ${input}: truncated or corrupt JPEG: the data ends early`),
    );
    expect(run.stderr).not.toContain('    at ');
  });

  it('an input folder without images exits 2', async () => {
    await mkdir(join(dir, 'no-images'), { recursive: true });
    const run = await pixelpool(['bench', join(dir, 'no-images'), '--filters', 'invert']);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      `the inputs must be image files or folders with images, got ${JSON.stringify([join(dir, 'no-images')])}`,
    );
  });
});

describe('bin/pixelpool.js', () => {
  it('explains a missing build instead of crashing', async () => {
    const fake = join(dir, 'fake-install');
    await mkdir(join(fake, 'bin'), { recursive: true });
    await cp(join(ROOT, 'bin/pixelpool.js'), join(fake, 'bin/pixelpool.js'));
    const run = await new Promise<Run>((res) => {
      const child = spawn(process.execPath, [join(fake, 'bin/pixelpool.js'), 'filters']);
      let stderr = '';
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('close', (code, signal) => res({ code, signal, stdout: '', stderr }));
    });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stderr).toContain('the command line is not built yet');
    expect(run.stderr).toContain('npm run build');
  });

  it('--pool processes writes the same bytes as --pool threads', async () => {
    const input = join(dir, 'pools-in');
    await mkdir(input);
    await writePhoto(join(input, 'a.png'), { format: 'png', width: 33, height: 21, alpha: true });
    await writePhoto(join(input, 'b.jpg'), { width: 64, height: 48 });
    const written: Record<string, Buffer[]> = {};
    for (const pool of ['threads', 'processes']) {
      const out = join(dir, `pools-${pool}`);
      const run = await pixelpool([
        'batch',
        input,
        '--out',
        out,
        '--filters',
        'gaussian-blur:sigma=2',
        '--workers',
        '2',
        '--pool',
        pool,
      ]);
      expect(run.code, run.stderr).toBe(0);
      if (pool === 'processes') expect(run.stderr).toContain('2 workers (child processes)');
      written[pool] = await Promise.all(['a-edited.png', 'b-edited.jpg'].map((f) => readFile(join(out, f))));
    }
    expect(written.processes.map((b, k) => b.equals(written.threads[k]))).toEqual([true, true]);
  });

  it('refuses an unknown --kernels or --schedule in the one voice of bad options', async () => {
    for (const [flag, value, message] of [
      ['--kernels', 'simd', '--kernels must be one of js, wasm, got "simd"'],
      ['--schedule', 'rows', '--schedule must be one of auto, strips, images, got "rows"'],
    ]) {
      const run = await pixelpool([
        'batch',
        dir,
        '--out',
        join(dir, 'x'),
        '--filters',
        'invert',
        flag,
        value,
      ]);
      expect([run.code, run.stderr.trim()]).toEqual([2, `pixelpool: ${message}`]);
    }
  });

  it('falls back to the JS kernels where kernels.wasm is missing, says why, and writes the same bytes', async () => {
    // A copy of the build without kernels.wasm, as a host whose build lost it (or whose engine lacks
    // WebAssembly SIMD) would run.
    const copy = join(dir, 'no-wasm');
    await cp(join(ROOT, 'out/main'), join(copy, 'out/main'), { recursive: true });
    await rm(join(copy, 'out/main/workers/kernels.wasm'));
    await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
    const input = join(dir, 'fallback-in');
    await mkdir(input);
    await writePhoto(join(input, 'a.png'), { format: 'png', width: 31, height: 17, alpha: true });
    const outputs: Record<string, Buffer> = {};
    for (const [name, cli, extra] of [
      ['js', CLI, ['--kernels', 'js']],
      ['pool', join(copy, 'out/main/hosts/cli.js'), ['--workers', '2']],
      ['serial', join(copy, 'out/main/hosts/cli.js'), ['--serial']],
    ] as const) {
      const out = join(dir, `fallback-${name}`);
      const run = await runCli(cli, [
        'batch',
        input,
        '--out',
        out,
        '--filters',
        'gaussian-blur:sigma=2',
        ...extra,
      ]);
      expect(run.code, run.stderr).toBe(0);
      if (name === 'js') expect(run.stderr).toContain('JavaScript kernels');
      else expect(run.stdout).toMatch(/Note: WebAssembly kernels unavailable: kernels\.wasm not found/);
      outputs[name] = await readFile(join(out, 'a-edited.png'));
    }
    expect(outputs.pool.equals(outputs.js)).toBe(true);
    expect(outputs.serial.equals(outputs.js)).toBe(true);
  });

  it('runs the built CLI', async () => {
    const run = await new Promise<Run>((res) => {
      const child = spawn(process.execPath, [join(ROOT, 'bin/pixelpool.js'), 'filters']);
      let stdout = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.on('close', (code, signal) => res({ code, signal, stdout, stderr: '' }));
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('gaussian-blur');
  });
});
