import { describe, expect, it } from 'vitest';
import { speedupAxis, speedupTicks } from './speedup-axis';

describe('speedupAxis', () => {
  it('stops the axis and the ideal at the cores and puts oversubscribed counts in a band after them', () => {
    const axis = speedupAxis([1, 2, 4], 2);
    expect(axis.inCoreEnd).toBe(2);
    expect(axis.ideal).toEqual([
      { x: 1, speedup: 1 },
      { x: 2, speedup: 2 },
    ]);
    expect(axis.oversubscribed).toEqual([4]);
    expect(axis.position(4)).toBe(3);
    expect(axis.band).toEqual([2.5, 3.5]);
    expect(axis.domain).toEqual([1, 3.5]);
    expect(axis.ticks).toEqual([1, 2, 3]);
    expect(axis.ticks.map(axis.label)).toEqual(['1', '2', '4']);
  });
  it('keeps several oversubscribed counts one step apart, however large', () => {
    const axis = speedupAxis([1, 2, 16, 4], 2);
    expect(axis.oversubscribed).toEqual([4, 16]);
    expect([axis.position(4), axis.position(16)]).toEqual([3, 4]);
    expect(axis.ticks.map(axis.label)).toEqual(['1', '2', '4', '16']);
  });
  it('ends at the largest count measured when none is above the cores', () => {
    const axis = speedupAxis([1, 2], 16);
    expect(axis.inCoreEnd).toBe(2);
    expect(axis.domain).toEqual([1, 2]);
    expect(axis.band).toBeNull();
    expect(axis.ideal[1]).toEqual({ x: 2, speedup: 2 });
    const big = speedupAxis([1, 2, 4, 8, 16, 32], 16);
    expect(big.inCoreEnd).toBe(16);
    expect(big.ticks.map(big.label)).toEqual(['1', '2', '4', '8', '16', '32']);
  });
  it('gives a one-core machine a visible axis', () => {
    const axis = speedupAxis([1, 2], 1);
    expect(axis.inCoreEnd).toBe(1);
    expect(axis.domain).toEqual([0.5, 2.5]);
    expect(axis.band).toEqual([1.5, 2.5]);
  });
});

describe('speedupTicks', () => {
  it('shows the ideal top and the highest point, whole numbers', () => {
    expect(speedupTicks(2, 1.8)).toEqual({ max: 3, ticks: [0, 1, 2, 3] });
    expect(speedupTicks(2, 2.44)).toEqual({ max: 3, ticks: [0, 1, 2, 3] });
    expect(speedupTicks(16, 12).ticks).toEqual([0, 2, 4, 6, 8, 10, 12, 14, 16]);
  });
});
