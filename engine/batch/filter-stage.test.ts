import { describe, expect, it } from 'vitest';
import { MIN_STRIP_ROWS } from '../pool/strips';
import { runsWhole, WHOLE_IMAGE_MAX_PIXELS } from './filter-stage';
import { noGate, oneCore } from './one-core';

const image = (width: number, height: number) => ({ data: new Uint8Array(0), width, height });

describe('runsWhole', () => {
  const photo = image(4000, 3000);
  it('follows strips and images as asked', () => {
    expect(runsWhole('strips', photo, 2, 10)).toBe(false);
    expect(runsWhole('images', photo, 2, 0)).toBe(true);
  });

  it('auto: strips, but an image too short for a strip per worker goes whole while others follow', () => {
    expect([5, 1, 0].map((later) => runsWhole('auto', photo, 2, later))).toEqual([false, false, false]);
    const short = image(4000, 2 * MIN_STRIP_ROWS - 1);
    expect([5, 1, 0].map((later) => runsWhole('auto', short, 2, later))).toEqual([true, true, false]);
    expect(runsWhole('auto', image(4000, 2 * MIN_STRIP_ROWS), 2, 5)).toBe(false);
  });

  it('puts an image over the size limit in strips, whatever the schedule', () => {
    const huge = image(WHOLE_IMAGE_MAX_PIXELS / 1000 + 1, 1000);
    expect(runsWhole('images', huge, 2, 10)).toBe(false);
    expect(runsWhole('auto', huge, 2, 10)).toBe(false);
  });
});

describe('oneCore', () => {
  /** Starts `count` pieces of work through the gate at once; returns how many ever ran together. */
  async function mostAtOnce(gate: typeof noGate, count: number, failing = -1): Promise<number> {
    let running = 0;
    let most = 0;
    const work = (k: number) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      if (k === failing) throw new Error(`work ${k} failed`);
      return k;
    };
    const results = await Promise.allSettled(Array.from({ length: count }, (_, k) => gate.run(work(k))));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed'))).toEqual(
      Array.from({ length: count }, (_, k) => (k === failing ? 'failed' : k)),
    );
    return most;
  }

  it('runs one piece of work at a time, in order, past a failure', async () => {
    expect(await mostAtOnce(oneCore(), 5, 2)).toBe(1);
  });

  it('noGate lets them all run together', async () => {
    expect(await mostAtOnce(noGate, 5)).toBe(5);
  });
});
