import { describe, expect, it } from 'vitest';
import { calibrate, calibrationOf } from './calibration';

describe('calibrationOf', () => {
  it("counts the cores' worth of speed the loop got on every core at once", () => {
    // One thread as fast as alone, one at half speed (sharing its core with another program).
    expect(calibrationOf(30, [30, 60])).toEqual({ singleMs: 30, parallelMs: [30, 60], coresDelivered: 1.5 });
    // A thread faster than the loop alone (noise) counts as one core, not more.
    expect(calibrationOf(30, [25, 30]).coresDelivered).toBe(2);
  });
});

describe('calibrate', () => {
  it('times the loop alone and on each of the given cores', async () => {
    const c = await calibrate(2);
    expect(c.singleMs).toBeGreaterThan(0);
    expect(c.parallelMs).toHaveLength(2);
    expect(c.coresDelivered).toBeGreaterThan(0);
    expect(c.coresDelivered).toBeLessThanOrEqual(2);
  });

  it('stops when its signal is aborted', async () => {
    await expect(calibrate(1, AbortSignal.abort())).rejects.toMatchObject({ name: 'AbortError' });
  });
});
