import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto } from '../images/test-fixtures';
import { type BenchmarkProgress, type BenchmarkTaskEvent, runBenchmark } from './index';

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
  it('measures serial and every workers x transport run, with the report fields the CLI prints', async () => {
    const progress: BenchmarkProgress[] = [];
    const tasks: BenchmarkTaskEvent[] = [];
    const concurrencyBefore = sharp.concurrency();
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
    expect(sharp.concurrency()).toBe(concurrencyBefore); // the reference restored it

    expect(Object.keys(report.machine)).toEqual(
      expect.arrayContaining(['cpuModel', 'cores', 'node', 'platform', 'arch']),
    );
    expect(report.pipeline).toEqual([{ id: 'gaussian-blur', params: { sigma: 2 } }]);
    expect(report.images.map((i) => [i.width, i.height])).toEqual([
      [61, 47],
      [33, 70],
    ]);
    expect(report.totalMegapixels).toBeCloseTo((61 * 47 + 33 * 70) / 1e6, 9);

    const [serial, ...pool] = report.runs;
    expect(serial).toMatchObject({ mode: 'serial', workers: 1, transport: null, speedup: 1, efficiency: 1 });
    expect(pool.map((r) => `${r.workers}/${r.transport}`)).toEqual([
      '1/copy',
      '1/transfer',
      '1/shared',
      '2/copy',
      '2/transfer',
      '2/shared',
    ]);
    for (const run of report.runs) {
      expect(run.samplesMs).toHaveLength(2);
      expect(run.medianMs).toBeCloseTo((run.samplesMs[0] + run.samplesMs[1]) / 2, 9);
      expect(run.megapixelsPerSecond).toBeCloseTo(report.totalMegapixels / (run.medianMs / 1000), 6);
      expect(run.speedup).toBeCloseTo(serial.medianMs / run.medianMs, 9);
      expect(run.efficiency).toBeCloseTo(run.speedup / run.workers, 9);
      expect(run.workerBusyShare).toHaveLength(run.workers);
      expect(run.split.decodeMs).toBeGreaterThan(0);
      expect(run.split.encodeMs).toBeGreaterThan(0);
      expect(run.split.computeMs).toBeGreaterThan(0);
    }
    expect(report.amdahl?.transport).toBe('shared');
    expect(report.amdahl?.serialFraction).toBeGreaterThanOrEqual(0);
    expect(report.reference?.operation).toBe('blur(sigma=2)');
    expect(report.reference?.ratio).toBeCloseTo(
      (report.reference?.jsSerialMegapixelsPerSecond ?? 0) / (report.reference?.megapixelsPerSecond ?? 1),
      9,
    );

    expect(progress.at(-1)).toMatchObject({ done: progress.at(-1)?.total });
    // Round-robin: every round runs serial, then each pool configuration once (warm-up round first).
    const rounds = progress
      .filter((p) => p.phase === 'serial' || p.phase === 'pool')
      .map((p) => p.label.replace(/ \(warm-up\)$/, ''));
    const configs = [
      'serial',
      ...pool.map((r) => `${r.workers} worker${r.workers > 1 ? 's' : ''}, ${r.transport}`),
    ];
    expect(rounds).toEqual([1, 2, 3].flatMap((n) => configs.map((c) => `${c}: run ${n}/3`)));
    const dones = progress.map((p) => p.done);
    expect(dones).toEqual([...dones].sort((a, b) => a - b));
    expect(tasks.some((t) => t.run === '2 workers, shared' && !t.warmup)).toBe(true);
    expect(tasks.some((t) => t.warmup)).toBe(true);
    // shared copies nothing in the timed runs: no pixels in messages, no result copied out.
    for (const t of tasks.filter((t) => t.transport === 'shared'))
      expect([t.bytesIn, t.bytesOut]).toEqual([0, 0]);
    for (const run of pool.filter((r) => r.transport === 'shared')) expect(run.split.reassembleMs).toBe(0);
  });

  it('has no reference for pipelines sharp has no counterpart of, and no Amdahl fit without a 2+ worker run', async () => {
    const report = await runBenchmark({
      files: files.slice(1),
      steps: [{ id: 'invert' }],
      workers: [1],
      repeat: 1,
      warmup: 0,
    });
    expect(report.reference).toBeNull();
    expect(report.amdahl).toBeNull();
    expect(report.runs.map((r) => r.mode)).toEqual(['serial', 'pool']);
  });

  it('names the bad input', async () => {
    await expect(
      runBenchmark({ files: [join(dir, 'missing.jpg')], steps: [{ id: 'invert' }] }),
    ).rejects.toThrow(/missing\.jpg/);
    await expect(runBenchmark({ files, steps: [{ id: 'sobel', params: { nope: 1 } }] })).rejects.toThrow(
      /nope/,
    );
    await expect(runBenchmark({ files, steps: [], workers: [0] })).rejects.toThrow(/worker counts/);
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
