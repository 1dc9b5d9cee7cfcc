import { describe, expect, it } from 'vitest';
import type { MachinesRun } from '../../shared/lab/machines';
import type { ImageJobResult } from './job';
import {
  laneBusyShare,
  machinesPoints,
  medianRun,
  noisyCounts,
  type RecordedRun,
  speedupOf,
  timelineOf,
} from './machines-report';

const run = (hosts: number, round: number, ms: number, images = 4, megapixels = 8): MachinesRun => ({
  hosts,
  round,
  ms,
  imagesPerSecond: images / (ms / 1000),
  megapixelsPerSecond: megapixels / (ms / 1000),
  shares: [{ name: 'w1', images, megapixels }],
});

describe('machinesPoints', () => {
  it('pairs each count with the same round’s one-host run, not with the median of all', () => {
    // Round 1 is slow on both sides: paired, the ratio stays 2; the medians' ratio would say 1.6.
    const history = [
      run(1, 0, 1000),
      run(2, 0, 500),
      run(2, 1, 1000),
      run(1, 1, 2000),
      run(1, 2, 1000),
      run(2, 2, 500),
    ];
    const [one, two] = machinesPoints(history, [1, 2], ['w1', 'w2']);
    expect(one).toMatchObject({
      hosts: 1,
      names: ['w1'],
      runsMs: [1000, 2000, 1000],
      ms: 1000,
      speedup: null,
    });
    expect(one.imagesPerSecond).toBeCloseTo(4, 10);
    expect(one.megapixelsPerSecond).toBeCloseTo(8, 10);
    expect(two.names).toEqual(['w1', 'w2']);
    expect(two.ms).toBe(500);
    expect(two.speedup?.pairs).toEqual([2, 2, 2]);
    expect(two.speedup?.median).toBe(2);
    expect(two.speedup?.low).toBe(2);
    expect(two.speedup?.high).toBe(2);
  });

  it('gives the range under 3 rounds and a bootstrap interval inside the range from 3', () => {
    expect(speedupOf([1.5, 1.9])).toEqual({ median: 1.7, low: 1.5, high: 1.9, pairs: [1.5, 1.9] });
    const s = speedupOf([1.7, 1.8, 1.9, 1.75, 1.85]);
    expect(s.median).toBe(1.8);
    expect(s.low).toBeGreaterThanOrEqual(1.7);
    expect(s.high).toBeLessThanOrEqual(1.9);
    expect(s.low).toBeLessThanOrEqual(s.median);
    expect(s.high).toBeGreaterThanOrEqual(s.median);
  });

  it('draws the median run of a count, and calls a count noisy above 10% variation', () => {
    const history = [
      run(2, 0, 400),
      run(2, 1, 700),
      run(2, 2, 500),
      run(1, 0, 1000),
      run(1, 1, 1010),
      run(1, 2, 990),
    ];
    expect(medianRun(history, 2)?.round).toBe(2);
    expect(medianRun(history, 3)).toBeUndefined();
    const points = machinesPoints(history, [1, 2], ['w1', 'w2']);
    expect(noisyCounts(points).map((n) => n.hosts)).toEqual([2]);
  });
});

const result = (
  host: string,
  startedAt: number,
  endedAt: number,
  tasks: [number, number, number][],
  clock = 0.2,
): ImageJobResult => ({
  host,
  output: `/out/${host}-${startedAt}.jpg`,
  written: true,
  bytes: 10,
  megapixels: 1,
  ms: endedAt - startedAt,
  queuedMs: 0,
  timeline: {
    startedAt,
    endedAt,
    tasks: tasks.map(([worker, s, e]) => ({ worker, startedAt: s, endedAt: e })),
    clockUncertaintyMs: clock,
  },
});

describe('timelineOf', () => {
  it('puts every host’s jobs and tasks on one axis from the first start, with the worst clock bound', () => {
    const recorded: RecordedRun = {
      ...run(2, 1, 900),
      results: new Map([
        [
          0,
          result('w1', 10_100, 10_500, [
            [0, 10_200, 10_300],
            [1, 10_200, 10_400],
          ]),
        ],
        [1, result('w2', 10_000, 10_800, [[0, 10_100, 10_700]], 1.5)],
      ]),
    };
    const t = timelineOf(recorded);
    expect(t).toMatchObject({ hosts: 2, round: 1, ms: 800, clockUncertaintyMs: 1.5 });
    expect(t.images).toEqual([
      { host: 'w2', image: 1, startMs: 0, endMs: 800 },
      { host: 'w1', image: 0, startMs: 100, endMs: 500 },
    ]);
    expect(t.tasks).toEqual([
      { host: 'w2', worker: 0, image: 1, startMs: 100, endMs: 700 },
      { host: 'w1', worker: 0, image: 0, startMs: 200, endMs: 300 },
      { host: 'w1', worker: 1, image: 0, startMs: 200, endMs: 400 },
    ]);
    const busy = laneBusyShare(t);
    expect(busy.get('w2\u00000')).toBeCloseTo(600 / 800, 10);
    expect(busy.get('w1\u00000')).toBeCloseTo(100 / 800, 10);
    expect(busy.get('w1\u00001')).toBeCloseTo(200 / 800, 10);
    expect(busy.has('w2\u00001')).toBe(false);
  });
});
