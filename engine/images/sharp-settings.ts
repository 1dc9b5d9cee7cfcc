/**
 * sharp's process-wide settings while something needs them: its thread count (libvips' concurrency) and
 * its operation cache (a cached result would time nothing). Main thread only.
 *
 * Why held rather than set: a batch, a benchmark and the app's previews can run at once in one process,
 * and a setter that restores what it found would restore the wrong value when two holds overlap and end
 * out of order. Here every hold is counted and the settings are worked out from all holds alive: the
 * fewest threads any of them asks for, the cache off if any turns it off, and sharp's own settings again
 * once the last hold ends.
 */
import sharp from 'sharp';

export interface SharpSettings {
  /** libvips' threads; unchanged when left out. */
  concurrency?: number;
  /** false turns the operation cache off; unchanged when left out. */
  cache?: false;
}

const holds = new Set<SharpSettings>();
let original: { concurrency: number; cache: ReturnType<typeof sharp.cache> } | undefined;

function apply(): void {
  if (!original) return;
  const asked = [...holds].flatMap((hold) => (hold.concurrency === undefined ? [] : [hold.concurrency]));
  sharp.concurrency(asked.length > 0 ? Math.min(...asked) : original.concurrency);
  const { cache } = original;
  if ([...holds].some((hold) => hold.cache === false)) sharp.cache(false);
  else sharp.cache({ memory: cache.memory.max ?? 50, files: cache.files.max, items: cache.items.max });
}

export async function withSharpSettings<T>(settings: SharpSettings, run: () => Promise<T>): Promise<T> {
  if (holds.size === 0) original = { concurrency: sharp.concurrency(), cache: sharp.cache() };
  // A hold of its own, even for equal settings, so that each ends once.
  const hold = { ...settings };
  holds.add(hold);
  apply();
  try {
    return await run();
  } finally {
    holds.delete(hold);
    apply();
    if (holds.size === 0) original = undefined;
  }
}
