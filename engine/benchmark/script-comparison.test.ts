/** The job scope against the sharp script, on made-up runs. */
import { describe, expect, it } from 'vitest';
import { scriptLabel, scriptReference, scriptVerdict } from './script-comparison';
import type { SharpScript } from './sharp-script';
import type { BenchmarkRun } from './types';

type Figures = Omit<BenchmarkRun, 'warnings'>;

const base: Figures = {
  scope: 'job',
  mode: 'pool',
  workers: 2,
  transport: 'shared',
  schedule: 'strips',
  kernels: 'wasm',
  medianMs: 1000,
  megapixelsPerSecond: 16,
  speedup: 1.5,
  speedupCI: [1.4, 1.6],
  efficiency: 0.75,
  samplesMs: [1000, 1000, 1000],
  cv: 0,
  minMs: 1000,
  maxMs: 1000,
  outliers: 0,
  pairs: 3,
  pairSpeedups: [1.5, 1.5, 1.5],
  computeRatio: 1,
  split: { decodeMs: 0, dispatchMs: 0, computeMs: 0, reassembleMs: 0, encodeMs: 0, idleMs: 0 },
  workerBusyShare: [0.5, 0.5],
};
const run = (over: Partial<Figures>): Figures => ({ ...base, ...over });
const script: SharpScript = {
  call: 'sharp(bytes).rotate().blur(3).jpeg({ quality: 80 }).toBuffer()',
  text: '…',
  lines: 12,
};

describe('scriptReference', () => {
  it('compares every job pool run with the script at its fastest, per round, and says the verdict for the fastest', () => {
    const runs = [
      run({ mode: 'serial', workers: 1, transport: null, schedule: null, pairSpeedups: [] }),
      run({ workers: 1, pairSpeedups: [0.9, 0.9, 0.9], speedup: 0.9 }),
      run({ pairSpeedups: [1.5, 1.6, 1.4] }),
      run({ schedule: 'images', pairSpeedups: [1.8, 1.8, 1.8], speedup: 1.8 }),
      run({
        mode: 'reference',
        workers: 1,
        transport: null,
        schedule: null,
        pairSpeedups: [1.8, 1.8, 1.8],
        speedup: 1.8,
      }),
      run({
        mode: 'reference',
        transport: null,
        schedule: null,
        pairSpeedups: [2.4, 2.4, 2.4],
        speedup: 2.4,
      }),
    ];
    const ref = scriptReference('blur(sigma=3)', script, runs);
    // The script's fastest is 2 files at a time (2.4x): even the 1-worker run is held against it, since a
    // pool's job decodes and encodes beside its workers on every core.
    expect(
      ref?.comparisons.map((c) => [c.workers, c.schedule, c.scriptAtOnce, Number(c.timeRatio.toFixed(3))]),
    ).toEqual([
      [1, 'strips', 2, 2.667],
      [2, 'strips', 2, 1.6],
      [2, 'images', 2, 1.333],
    ]);
    expect(ref).toMatchObject({ operation: 'blur(sigma=3)', call: script.call, lines: 12 });
    expect(ref?.summary).toBe(
      'PixelPool takes 1.33x the time of a 12-line sharp script on these images (its fastest job run, 2 workers, shared, whole images, against the script at its fastest, 2 files at a time; 95% interval 1.33-1.33x).',
    );
  });

  it('is null without a script run to compare with', () => {
    expect(scriptReference('blur(sigma=3)', script, [run({})])).toBeNull();
  });
});

describe('scriptVerdict', () => {
  const comparison = {
    workers: 4,
    transport: 'shared' as const,
    schedule: 'strips' as const,
    scriptAtOnce: 4,
  };
  it('says how much faster PixelPool is, and when the two are level within the noise', () => {
    expect(scriptVerdict({ ...comparison, timeRatio: 0.8, timeRatioCI: [0.7, 1.05] }, 12)).toBe(
      'PixelPool takes 0.80x the time of a 12-line sharp script on these images, 1.25x faster (its fastest job run, 4 workers, shared, strips, against the script at its fastest, 4 files at a time; 95% interval 0.70-1.05x; the interval holds 1: level within the noise).',
    );
  });
  it('names the script runs', () => {
    expect(scriptLabel(1)).toBe('sharp script, 1 file at a time');
    expect(scriptLabel(3)).toBe('sharp script, 3 files at a time');
  });
});
