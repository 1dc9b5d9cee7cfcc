import { describe, expect, it } from 'vitest';
import { speedupAxis, speedupChartNotes, speedupTicks } from './speedup-axis';

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

describe('speedupChartNotes', () => {
  const pool = (workers: number, speedup: number) => ({
    mode: 'pool' as const,
    workers,
    speedup,
    efficiency: speedup / workers,
    speedupCI: null,
  });
  it('says where the ideal stops and what the band is', () => {
    const notes = speedupChartNotes(
      [pool(1, 0.97), pool(2, 1.8), pool(4, 1.7)],
      speedupAxis([1, 2, 4], 2),
      null,
    );
    expect(notes[0]).toBe('The ideal (n×) stops at 2 workers: this machine has 2 cores.');
    expect(notes[1]).toMatch(/^Shaded: 4 workers, more workers than the 2 cores/);
    expect(notes).toHaveLength(2);
  });
  it('explains a 1-worker pool above 100%, points above the cores, whiskers and a distrusted fit', () => {
    const notes = speedupChartNotes(
      [{ ...pool(1, 1.05), speedupCI: [1.0, 1.1] }, pool(2, 2.4)],
      speedupAxis([1, 2], 2),
      { trusted: false, note: 'the machine was busy.' },
    );
    expect(notes).toEqual([
      'The ideal (n×) stops at 2 workers: this machine has 2 cores.',
      'Whiskers: the 95% interval of each speedup.',
      '1 worker at 1.05× (105% efficiency): a pool of one cannot beat one thread, so about 5% of every figure here is noise.',
      "Points above 2× are more than this machine's cores can give: noise, see the warnings.",
      'No Amdahl curve: the machine was busy.',
    ]);
  });
  it('says when the axis ends before the cores', () => {
    expect(speedupChartNotes([pool(2, 1.9)], speedupAxis([1, 2], 16), null)[0]).toBe(
      'The axis ends at 2 workers, the most measured; this machine has 16 cores.',
    );
  });
});
