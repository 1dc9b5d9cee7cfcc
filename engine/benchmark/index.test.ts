import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto } from '../images/test-fixtures';
import { type BenchmarkProgress, type BenchmarkTaskEvent, runBenchmark } from './index';
import { median } from './statistics';

let dir: string;
const files: string[] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pixelpool-bench-'));
  files.push(join(dir, 'a.jpg'), join(dir, 'b.png'));
  await writePhoto(files[0], { width: 61, height: 47, format: 'jpeg' });
  await writePhoto(files[1], { width: 33, height: 70, format: 'png', alpha: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('runBenchmark', () => {
  it('measures serial and every workers x transport run in both scopes (the job in both schedules and against the sharp script), in adjacent pairs, with the report fields the CLI prints', async () => {
    const progress: BenchmarkProgress[] = [];
    const tasks: BenchmarkTaskEvent[] = [];
    const concurrencyBefore = sharp.concurrency();
    const limits = () => {
      const { memory, files, items } = sharp.cache();
      return [memory.max, files.max, items.max];
    };
    const cacheBefore = limits();
    const report = await runBenchmark(
      {
        files,
        steps: [{ id: 'gaussian-blur', params: { sigma: 2 } }],
        workers: [1, 2],
        transports: ['copy', 'transfer', 'shared'],
        repeat: 2,
        warmup: 1,
      },
      { onProgress: (p) => progress.push(p), onTask: (e) => tasks.push(e) },
    );
    // The job's baseline (concurrency 1), the cache turned off and the reference restored both.
    expect(sharp.concurrency()).toBe(concurrencyBefore);
    expect(limits()).toEqual(cacheBefore);

    expect(Object.keys(report.machine)).toEqual(
      expect.arrayContaining(['cpuModel', 'cores', 'node', 'platform', 'arch']),
    );
    expect(report.pipeline).toEqual([{ id: 'gaussian-blur', params: { sigma: 2 } }]);
    expect(report.images.map((i) => [i.width, i.height])).toEqual([
      [61, 47],
      [33, 70],
    ]);
    expect(report.totalMegapixels).toBeCloseTo((61 * 47 + 33 * 70) / 1e6, 9);
    expect(report).toMatchObject({ scope: 'both', repeat: 2, timeBudgetSeconds: null, stoppedBy: 'repeat' });

    const configs = ['1/copy', '1/transfer', '1/shared', '2/copy', '2/transfer', '2/shared'];
    for (const scope of ['filter', 'job'] as const) {
      const [serial, ...others] = report.runs.filter((r) => r.scope === scope);
      const pool = others.filter((r) => r.mode === 'pool');
      const scripts = others.filter((r) => r.mode === 'reference');
      expect(serial).toMatchObject({
        mode: 'serial',
        workers: 1,
        transport: null,
        schedule: null,
        speedup: 1,
        efficiency: 1,
      });
      expect(serial.speedupCI).toEqual([1, 1]);
      expect(serial.computeRatio).toBeNull();
      // The filter scope in strips; the job in strips and whole images, then a script per worker count.
      expect(pool.map((r) => `${r.workers}/${r.transport}/${r.schedule}`)).toEqual(
        scope === 'filter'
          ? configs.map((c) => `${c}/strips`)
          : configs.flatMap((c) => [`${c}/strips`, `${c}/images`]),
      );
      expect(others.slice(pool.length)).toEqual(scripts);
      expect(scripts.map((r) => [r.workers, r.transport, r.schedule, r.kernels])).toEqual(
        scope === 'filter'
          ? []
          : [
              [1, null, null, null],
              [2, null, null, null],
            ],
      );
      // Every contender's pairs have their own serial run: (6 or 6 x 2 + 2 contenders) x 2 rounds.
      const contenders = pool.length + scripts.length;
      expect(serial.samplesMs).toHaveLength(contenders * 2);
      expect(serial.pairs).toBe(contenders * 2);
      for (const run of scripts) {
        expect(run.pairSpeedups).toHaveLength(2);
        expect(run.speedupCI[0]).toBeLessThanOrEqual(run.speedup);
        expect(run.speedupCI[1]).toBeGreaterThanOrEqual(run.speedup);
        expect(run.computeRatio).toBeNull();
        expect(run.workerBusyShare).toEqual([]);
      }
      for (const run of pool) {
        expect(run.samplesMs).toHaveLength(2);
        expect(run.pairs).toBe(2);
        expect(run.pairSpeedups).toHaveLength(2);
        // The median of the per-pair speedups, not the ratio of the medians.
        expect(run.speedup).toBeCloseTo((run.pairSpeedups[0] + run.pairSpeedups[1]) / 2, 9);
        expect(run.speedupCI[0]).toBeLessThanOrEqual(run.speedup);
        expect(run.speedupCI[1]).toBeGreaterThanOrEqual(run.speedup);
        expect(run.efficiency).toBeCloseTo(run.speedup / run.workers, 9);
        expect(run.computeRatio).toBeGreaterThan(0);
        expect(run.workerBusyShare).toHaveLength(run.workers);
      }
      for (const run of [serial, ...pool]) {
        expect(run.kernels).toBe('wasm');
        expect(run.medianMs).toBeCloseTo(median(run.samplesMs), 9);
        expect(run.megapixelsPerSecond).toBeCloseTo(report.totalMegapixels / (run.medianMs / 1000), 6);
        expect(run.minMs).toBe(Math.min(...run.samplesMs));
        expect(run.maxMs).toBe(Math.max(...run.samplesMs));
        expect(run.cv).toBeGreaterThanOrEqual(0);
        expect(Number.isInteger(run.outliers)).toBe(true);
        expect(run.warnings.every((w) => typeof w === 'string')).toBe(true);
        expect(run.split.decodeMs).toBeGreaterThan(0);
        expect(run.split.encodeMs).toBeGreaterThan(0);
        expect(run.split.computeMs).toBeGreaterThan(0);
        expect(run.split.idleMs).toBeGreaterThanOrEqual(0);
      }
    }
    // The job's decode and encode are in its runs: its serial run takes longer than the filter's.
    const jobSerial = report.runs.find((r) => r.scope === 'job' && r.mode === 'serial');
    const filterSerial = report.runs.find((r) => r.scope === 'filter' && r.mode === 'serial');
    expect(jobSerial?.medianMs).toBeGreaterThan(filterSerial?.medianMs ?? Infinity);

    for (const [fit, scope] of [
      [report.amdahl, 'filter'],
      [report.jobAmdahl, 'job'],
    ] as const) {
      expect(fit).toMatchObject({ scope, transport: 'shared' });
      expect(fit?.serialFraction).toBeGreaterThanOrEqual(0);
      expect(fit?.serialFractionCI[0]).toBeLessThanOrEqual(fit?.serialFraction ?? -1);
      expect(fit?.serialFractionCI[1]).toBeGreaterThanOrEqual(fit?.serialFraction ?? 2);
      expect(typeof fit?.trusted).toBe('boolean');
      if (!fit?.trusted) expect(fit?.note).toMatch(/^Not a property of the pipeline/);
    }
    expect(report.machineLoad.before.coresDelivered).toBeGreaterThan(0);
    expect(report.machineLoad.after?.parallelMs).toHaveLength(report.machine.cores);
    expect(Array.isArray(report.warnings)).toBe(true);
    expect(report.reference?.operation).toBe('blur(sigma=2)');
    expect(report.kernels).toBe('wasm');
    expect(report.kernelsFallback).toBeUndefined();
    // The job against the sharp script: every job pool run compared with the script at its worker count.
    expect(report.jobReferenceMissing).toBeNull();
    expect(report.jobReference?.call).toBe(
      'sharp(bytes).rotate().blur(2).<jpeg({ quality: 80 }) or png({ compressionLevel: 6 })>.toBuffer()',
    );
    expect(report.jobReference?.comparisons.map((c) => `${c.workers}/${c.transport}/${c.schedule}`)).toEqual(
      configs.flatMap((c) => [`${c}/strips`, `${c}/images`]),
    );
    for (const c of report.jobReference?.comparisons ?? []) {
      expect(c.timeRatio).toBeGreaterThan(0);
      expect(c.timeRatioCI[0]).toBeLessThanOrEqual(c.timeRatio);
      expect(c.timeRatioCI[1]).toBeGreaterThanOrEqual(c.timeRatio);
    }
    expect(report.jobReference?.summary).toMatch(
      /^PixelPool takes \d+\.\d\dx the time of a \d+-line sharp script on these images/,
    );
    expect(report.reference?.ratio).toBeCloseTo(
      (report.reference?.jsSerialMegapixelsPerSecond ?? 0) / (report.reference?.megapixelsPerSecond ?? 1),
      9,
    );

    expect(progress.at(-1)).toMatchObject({ done: progress.at(-1)?.total });
    const dones = progress.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    // Pairs, ABBA: in each round each configuration runs beside a serial run, the order alternating from
    // one configuration to the next and from one round to the next.
    const timed = progress.filter((p) => / pair \d/.test(p.label)).map((p) => p.label);
    const workersOf = (n: number) => `${n} worker${n > 1 ? 's' : ''}`;
    const labels = {
      filter: [1, 2].flatMap((n) => ['copy', 'transfer', 'shared'].map((t) => `${workersOf(n)}, ${t}`)),
      // The job: both schedules of each configuration, then the script beside the pool of its size.
      job: [1, 2].flatMap((n) => [
        ...['copy', 'transfer', 'shared'].flatMap((t) =>
          ['strips', 'whole images'].map((s) => `job: ${workersOf(n)}, ${t}, ${s}`),
        ),
        `job: sharp script, ${n} file${n > 1 ? 's' : ''} at a time`,
      ]),
    };
    const expected = [0, 1].flatMap((round) =>
      (['filter', 'job'] as const).flatMap((scope) =>
        labels[scope].flatMap((contender, ci) => {
          const serial = scope === 'job' ? 'job: serial' : 'serial';
          const sides = (round + ci) % 2 === 0 ? [serial, contender] : [contender, serial];
          return sides.map((side) => `${side}: pair ${round + 1}/2 with ${contender}`);
        }),
      ),
    );
    expect(timed).toEqual(expected);
    expect(tasks.some((t) => t.run === '2 workers, shared' && t.scope === 'filter' && !t.warmup)).toBe(true);
    // Strips: every image in several strips; whole images: each image one strip, on one worker.
    const jobTasks = (schedule: string) =>
      tasks.filter((t) => t.run === `job: 2 workers, shared, ${schedule}` && !t.warmup);
    expect(jobTasks('strips').length).toBeGreaterThan(0);
    expect(jobTasks('strips').every((t) => t.schedule === 'strips' && t.scope === 'job')).toBe(true);
    expect(jobTasks('strips').some((t) => t.stripCount > 1)).toBe(true);
    expect(jobTasks('whole images').length).toBeGreaterThan(0);
    expect(jobTasks('whole images').every((t) => t.schedule === 'images' && t.stripCount === 1)).toBe(true);
    expect(tasks.some((t) => t.warmup)).toBe(true);
    expect(new Set(tasks.filter((t) => !t.warmup).map((t) => t.round))).toEqual(new Set([0, 1]));
    // shared copies nothing in the filter stage's runs: no pixels in messages, no result copied out.
    for (const t of tasks.filter((t) => t.transport === 'shared' && t.scope === 'filter'))
      expect([t.bytesIn, t.bytesOut]).toEqual([0, 0]);
    for (const run of report.runs.filter((r) => r.scope === 'filter' && r.transport === 'shared'))
      expect(run.split.reassembleMs).toBe(0);
  });

  it('measures one scope when asked; no reference, script nor Amdahl fit where there is nothing to compare or fit', async () => {
    const report = await runBenchmark({
      files: files.slice(1),
      steps: [{ id: 'invert' }],
      workers: [1],
      repeat: 1,
      warmup: 0,
    });
    expect(report.reference).toBeNull();
    expect(report.amdahl).toBeNull();
    expect(report.jobAmdahl).toBeNull();
    expect(report.jobReference).toBeNull();
    expect(report.jobReferenceMissing).toBe(
      'No sharp script to compare with: sharp has an equivalent of a lone gaussian-blur (blur) or a lone sobel (convolve) only, and this pipeline is invert.',
    );
    expect(report.runs.map((r) => `${r.scope} ${r.mode} ${r.schedule}`)).toEqual([
      'filter serial null',
      'filter pool strips',
      'job serial null',
      'job pool strips',
      'job pool images',
    ]);
    // One pair: the interval is a point and the run says it is rough.
    const pool = report.runs[1];
    expect(pool.speedupCI).toEqual([pool.speedup, pool.speedup]);
    expect(pool.warnings.some((w) => w.startsWith('Few pairs'))).toBe(true);

    const job = await runBenchmark({
      files: files.slice(1),
      steps: [{ id: 'invert' }],
      workers: [2],
      repeat: 1,
      warmup: 0,
      scope: 'job',
    });
    expect(job.runs.map((r) => `${r.scope} ${r.mode} ${r.workers}`)).toEqual([
      'job serial 1',
      'job pool 2',
      'job pool 2',
    ]);
    expect(job.amdahl).toBeNull();
    expect(job.jobAmdahl?.scope).toBe('job');
    expect(job.reference).toBeNull();
  });

  it('gives every contender the kernels asked for and reports the ones that ran', async () => {
    const js = await runBenchmark({
      files: files.slice(1),
      steps: [{ id: 'sobel' }],
      workers: [2],
      repeat: 1,
      warmup: 0,
      kernels: 'js',
    });
    expect(js.kernels).toBe('js');
    expect(js.kernelsFallback).toBeUndefined();
    expect(js.runs.map((r) => `${r.scope} ${r.mode} ${r.kernels}`)).toEqual([
      'filter serial js',
      'filter pool js',
      'job serial js',
      'job pool js',
      'job pool js',
      'job reference null',
    ]);
    expect(js.warnings.some((w) => w.startsWith('Kernels fell back'))).toBe(false);

    // The built worker has the WebAssembly kernels (vitest.global-setup.ts builds them): they run.
    const wasm = await runBenchmark({
      files: files.slice(1),
      steps: [{ id: 'sobel' }],
      workers: [1],
      repeat: 1,
      warmup: 0,
      scope: 'filter',
      kernels: 'wasm',
    });
    expect(wasm.kernels).toBe('wasm');
    expect(wasm.runs.map((r) => r.kernels)).toEqual(['wasm', 'wasm']);
  });

  it('the sharp script exists for a lone sobel too, with the convolve of the filter scope', async () => {
    const report = await runBenchmark({
      files: files.slice(0, 1),
      steps: [{ id: 'sobel' }],
      workers: [2],
      repeat: 1,
      warmup: 0,
      scope: 'job',
    });
    expect(report.reference).toBeNull();
    expect(report.jobReference).toMatchObject({
      operation: 'convolve(3x3 Sobel x)',
      call: 'sharp(bytes).rotate().convolve({ width: 3, height: 3, kernel: [-1, 0, 1, -2, 0, 2, -1, 0, 1] }).jpeg({ quality: 80 }).toBuffer()',
      lines: 12,
    });
    expect(report.jobReference?.script.split('\n')).toHaveLength(12);
    expect(report.runs.filter((r) => r.mode === 'reference').map((r) => r.workers)).toEqual([2]);
  });

  it('repeats rounds until the intervals are narrow or the time budget is spent (adaptive mode)', async () => {
    const report = await runBenchmark({
      files: files.slice(1),
      steps: [{ id: 'invert' }],
      workers: [2],
      timeBudgetSeconds: 1,
      scope: 'filter',
    });
    expect(report.timeBudgetSeconds).toBe(1);
    expect(['converged', 'budget']).toContain(report.stoppedBy);
    expect(report.repeat).toBeGreaterThanOrEqual(report.stoppedBy === 'converged' ? 5 : 3);
    const pool = report.runs.find((r) => r.mode === 'pool');
    expect(pool?.pairs).toBe(report.repeat);
    if (report.stoppedBy === 'budget')
      expect(report.warnings.some((w) => w.startsWith('Not settled'))).toBe(true);
  });

  it('names the bad input', async () => {
    await expect(
      runBenchmark({ files: [join(dir, 'missing.jpg')], steps: [{ id: 'invert' }] }),
    ).rejects.toThrow(/missing\.jpg/);
    await expect(runBenchmark({ files, steps: [{ id: 'sobel', params: { nope: 1 } }] })).rejects.toThrow(
      /nope/,
    );
    await expect(runBenchmark({ files, steps: [], workers: [0] })).rejects.toThrow(/worker counts/);
    await expect(runBenchmark({ files, steps: [], repeat: 3, timeBudgetSeconds: 10 })).rejects.toThrow(
      'timeBudgetSeconds must be left out when repeat is given, got 10; use one or the other',
    );
    await expect(runBenchmark({ files, steps: [], timeBudgetSeconds: 0 })).rejects.toThrow(
      'timeBudgetSeconds must be a whole number from 1 to 3600, got 0',
    );
    await expect(runBenchmark({ files, steps: [], scope: 'all' as never })).rejects.toThrow(
      'scope must be one of filter, job, both, got "all"',
    );
    await expect(runBenchmark({ files, steps: [], kernels: 'gpu' as never })).rejects.toThrow(
      'kernels must be one of js, wasm, got "gpu"',
    );
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const run = runBenchmark(
      { files, steps: [{ id: 'median', params: { radius: 2 } }], workers: [2], repeat: 50, warmup: 0 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'pool') controller.abort();
        },
      },
    );
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });
});
