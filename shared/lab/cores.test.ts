import { describe, expect, it } from 'vitest';
import { coresFindings, coresIntro, whereItStopsHelping } from './cores';
import { coresResult } from './test-fixtures';

describe('the cores experiment, in words', () => {
  it('says what ran', () => {
    expect(coresIntro(coresResult)).toEqual([
      'Cores: 1 photo (8.0 MP), gaussian-blur:sigma=3, filtered by pools of 1 to 4 workers on 2 cores;',
      'the worker counts take turns, 3 timed runs each after a warm-up; median of the runs.',
    ]);
  });

  it('says where adding workers stopped helping, what the counts past the cores gave, and the Python advice', () => {
    expect(coresFindings(coresResult)).toEqual([
      "Adding workers stopped helping at 2 (2.00x one worker's throughput): no larger pool was 5% faster.",
      'Past the 2 cores, 3 workers gave 2.02x, 4 workers gave 1.96x: more threads only take turns on the cores, and each costs its memory and start-up.',
      "Python's Pool(processes=os.cpu_count()) is the same advice.",
    ]);
  });

  it('says so when the largest pool still helped, and blames the machine for a gain past the cores', () => {
    const points = coresResult.points.map((p) =>
      p.workers === 4 ? { ...p, megapixelsPerSecond: 60, speedup: 3 } : p,
    );
    const [stop, past] = coresFindings({ ...coresResult, points, stopsHelpingAt: 4 });
    expect(stop).toBe(
      "Adding workers still helped at the largest pool measured, 4 (3.00x one worker's throughput): no count was found where it stopped.",
    );
    expect(past).toContain('so a gain there came from the machine');
    // A count past the cores that only beat a slow count at the cores, not the best up to them, gained nothing.
    const slowAtCores = coresResult.points.map((p) =>
      p.workers === 1 ? p : { ...p, megapixelsPerSecond: p.workers === 2 ? 15 : 20.5 },
    );
    expect(coresFindings({ ...coresResult, points: slowAtCores, stopsHelpingAt: 1 })[1]).toContain(
      'more threads only take turns on the cores',
    );
  });

  it('finds the first count no larger count beats by 5% or more', () => {
    const at = (mps: number[]) =>
      mps.map((megapixelsPerSecond, k) => ({ workers: k + 1, megapixelsPerSecond }));
    expect(whereItStopsHelping(at([100, 190, 195, 180]))).toBe(2);
    expect(whereItStopsHelping(at([100, 104, 103]))).toBe(1);
    expect(whereItStopsHelping(at([100, 150, 160, 200]))).toBe(4);
  });
});
