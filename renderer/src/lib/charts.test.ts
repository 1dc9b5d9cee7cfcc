import { describe, expect, it } from 'vitest';
import { amdahlCurve, amdahlSpeedup } from '../../../shared/amdahl';
import { workerChoices } from './benchmark';
import { niceTicks } from './ticks';

describe('amdahlSpeedup', () => {
  it('gives n for no serial part, 1 for all serial, and the textbook value between', () => {
    expect(amdahlSpeedup(0, 4)).toBe(4);
    expect(amdahlSpeedup(1, 4)).toBe(1);
    expect(amdahlSpeedup(0.1, 2)).toBeCloseTo(1 / (0.1 + 0.45), 12);
  });
  it('draws the curve from 1 worker to the last, starting at 1x', () => {
    const curve = amdahlCurve(0.2, 4);
    expect(curve[0]).toEqual({ workers: 1, speedup: 1 });
    expect(curve[curve.length - 1].workers).toBe(4);
    expect(curve[curve.length - 1].speedup).toBeCloseTo(2.5, 12);
  });
});

describe('workerChoices', () => {
  it('offers every count up to the cores and one oversubscribed count', () => {
    expect(workerChoices(2, 64)).toEqual([1, 2, 4]);
    expect(workerChoices(6, 64)).toEqual([1, 2, 3, 4, 5, 6, 12]);
  });
  it('uses powers of two on big machines and stays within the service limits', () => {
    expect(workerChoices(16, 64)).toEqual([1, 2, 4, 8, 16, 32]);
    expect(workerChoices(48, 64)).toEqual([1, 2, 4, 8, 16, 32, 48]);
    expect(workerChoices(2, 3)).toEqual([1, 2]);
  });
});

describe('niceTicks', () => {
  it('steps by 1, 2 or 5 times a power of ten and covers the span', () => {
    expect(niceTicks(1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(niceTicks(7, 3)).toEqual([0, 5]);
    expect(niceTicks(0.9, 4)).toEqual([0, 0.5]);
    expect(niceTicks(0, 4)).toEqual([0]);
  });
});
