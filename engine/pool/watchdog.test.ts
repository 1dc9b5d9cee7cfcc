import { describe, expect, it } from 'vitest';
import { FilterPool } from './filter-pool';
import { runSerial } from './serial';
import { noiseImage } from './test-images';
import { StripWatchdog } from './watchdog';

const blur = [{ id: 'gaussian-blur', params: { sigma: 2 } }];
const invert = [{ id: 'invert', params: {} }];
const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

describe('StripWatchdog', () => {
  it('allows the long unmeasured limit until a strip of the pipeline has come back', () => {
    const dog = new StripWatchdog({ floorMs: 100, unmeasuredMs: 5000, slack: 10 });
    expect(dog.limitMs(blur, 1000)).toBe(5000);
    dog.learn(blur, 1000, 50); // 0.05 ms per pixel
    expect(dog.limitMs(blur, 1000)).toBe(500);
    expect(dog.limitMs(blur, 100)).toBe(100); // the floor
    expect(dog.limitMs(invert, 1000)).toBe(5000); // another pipeline is not measured yet
  });

  it('keeps the slowest rate seen, per pipeline', () => {
    const dog = new StripWatchdog({ floorMs: 1, unmeasuredMs: 1, slack: 2 });
    dog.learn(blur, 100, 10);
    dog.learn(blur, 100, 40);
    dog.learn(blur, 100, 20);
    expect(dog.limitMs(blur, 100)).toBe(80);
    dog.learn([{ id: 'gaussian-blur', params: { sigma: 2 } }], 100, 100); // same steps, another array
    expect(dog.limitMs(blur, 100)).toBe(200);
  });
});

describe('a hung worker', () => {
  const limits = { floorMs: 300, unmeasuredMs: 1500, slack: 20 };

  it('is replaced and its strip retried once: the result is the serial one', async () => {
    const pool = await FilterPool.create({
      size: 2,
      watchdog: limits,
      faults: ({ label, stripIndex, attempt }) =>
        label === 'once' && stripIndex === 1 && attempt === 0 ? 'hang' : undefined,
    });
    try {
      const image = noiseImage(24, 20, 3);
      const before = pool.threadIds;
      const result = await pool.apply(image, invert, { label: 'once', stripRows: 4 });
      expect(same(result.image.data, runSerial(image, invert).data)).toBe(true);
      // The hung worker was replaced in its slot (the new one may still be starting).
      expect(pool.threadIds).not.toEqual(before);
      for (let waited = 0; pool.liveWorkers < 2 && waited < 5000; waited += 20) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(pool.liveWorkers).toBe(2);
    } finally {
      await pool.terminate();
    }
  });

  it('that hangs again fails the image alone, saying so; the pool goes on', async () => {
    const pool = await FilterPool.create({
      size: 1,
      watchdog: limits,
      faults: ({ label, stripIndex }) => (label === 'stuck.jpg' && stripIndex === 0 ? 'hang' : undefined),
    });
    try {
      const image = noiseImage(16, 8, 5);
      await expect(pool.apply(image, invert, { label: 'stuck.jpg', stripRows: 4 })).rejects.toThrow(
        /^Filtering "stuck\.jpg" failed: strip 1 of 2 hung its worker twice \(no answer within \d+\.\d s, the watchdog's limit for this strip\)$/,
      );
      const after = await pool.apply(image, invert, { label: 'fine.jpg' });
      expect(same(after.image.data, runSerial(image, invert).data)).toBe(true);
    } finally {
      await pool.terminate();
    }
  });
});
