import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { withSharpSettings } from './sharp-settings';

describe('withSharpSettings', () => {
  const before = sharp.concurrency();
  afterEach(() => {
    sharp.concurrency(before);
  });

  it('holds the fewest threads asked for while any hold lasts, and restores sharp after the last', async () => {
    sharp.concurrency(3);
    const seen: Record<string, number> = {};
    let endFirst: () => void = () => {};
    const first = withSharpSettings({ concurrency: 2 }, async () => {
      seen.first = sharp.concurrency();
      await new Promise<void>((resolve) => {
        endFirst = resolve;
      });
    });
    // A second hold that starts inside the first and outlives it: the first must not restore 3 under it.
    await withSharpSettings({ concurrency: 1 }, async () => {
      seen.both = sharp.concurrency();
      endFirst();
      await first;
      seen.secondAlone = sharp.concurrency();
    });
    seen.after = sharp.concurrency();
    expect(seen).toEqual({ first: 2, both: 1, secondAlone: 1, after: 3 });
  });

  it('restores after a failure too', async () => {
    sharp.concurrency(3);
    await expect(
      withSharpSettings({ concurrency: 1, cache: false }, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(sharp.concurrency()).toBe(3);
    expect(sharp.cache().items.max).toBeGreaterThan(0);
  });
});
