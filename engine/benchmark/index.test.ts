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
  it('measures serial and every workers x transport run in both scopes, in adjacent pairs, with the report fields the CLI prints', async () => {
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
      const [serial, ...pool] = report.runs.filter((r) => r.scope === scope);
      expect(serial).toMatchObject({
        mode: 'serial',
        workers: 1,
        transport: null,
        speedup: 1,
        efficiency: 1,
      });
      expect(serial.speedupCI).toEqual([1, 1]);
      expect(serial.computeRatio).toBeNull();
      expect(pool.map((r) => `${r.workers}/${r.transport}`)).toEqual(configs);
      // Every configuration's pairs have their own serial run: 6 configurations x 2 rounds.
      expect(serial.samplesMs).toHaveLength(12);
      expect(serial.pairs).toBe(12);
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
    const labels = [
      '1 worker, copy',
      '1 worker, transfer',
      '1 worker, shared',
      '2 workers, copy',
      '2 workers, transfer',
      '2 workers, shared',
    ];
    const expected = [0, 1].flatMap((round) =>
      (['filter', 'job'] as const).flatMap((scope) =>
        labels.flatMap((label, ci) => {
          const pool = scope === 'job' ? `job: ${label}` : label;
          const serial = scope === 'job' ? 'job: serial' : 'serial';
          const sides = (round + ci) % 2 === 0 ? [serial, pool] : [pool, serial];
          return sides.map((side) => `${side}: pair ${round + 1}/2 with ${pool}`);
        }),
      ),
    );
    expect(timed).toEqual(expected);
    expect(tasks.some((t) => t.run === '2 workers, shared' && t.scope === 'filter' && !t.warmup)).toBe(true);
    expect(tasks.some((t) => t.run === 'job: 2 workers, shared' && t.scope === 'job' && !t.warmup)).toBe(
      true,
    );
    expect(tasks.some((t) => t.warmup)).toBe(true);
    expect(new Set(tasks.filter((t) => !t.warmup).map((t) => t.round))).toEqual(new Set([0, 1]));
    // shared copies nothing in the filter stage's runs: no pixels in messages, no result copied out.
    for (const t of tasks.filter((t) => t.transport === 'shared' && t.scope === 'filter'))
      expect([t.bytesIn, t.bytesOut]).toEqual([0, 0]);
    for (const run of report.runs.filter((r) => r.scope === 'filter' && r.transport === 'shared'))
      expect(run.split.reassembleMs).toBe(0);
  });

  it('measures one scope when asked; no reference nor Amdahl fit where there is nothing to compare or fit', async () => {
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
    expect(report.runs.map((r) => `${r.scope} ${r.mode}`)).toEqual([
      'filter serial',
      'filter pool',
      'job serial',
      'job pool',
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
    expect(job.runs.map((r) => `${r.scope} ${r.mode} ${r.workers}`)).toEqual(['job serial 1', 'job pool 2']);
    expect(job.amdahl).toBeNull();
    expect(job.jobAmdahl?.scope).toBe('job');
    expect(job.reference).toBeNull();
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
