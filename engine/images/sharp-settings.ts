/**
 * sharp's process-wide settings for a measurement: its thread count (libvips' concurrency) and its
 * operation cache (a cached result would time nothing), restored after whatever happens. Main thread only.
 */
import sharp from 'sharp';

export interface SharpSettings {
  /** libvips' threads; unchanged when left out. */
  concurrency?: number;
  /** false turns the operation cache off; unchanged when left out. */
  cache?: false;
}

export async function withSharpSettings<T>(settings: SharpSettings, run: () => Promise<T>): Promise<T> {
  const concurrency = sharp.concurrency();
  const cache = sharp.cache();
  if (settings.concurrency !== undefined) sharp.concurrency(settings.concurrency);
  if (settings.cache === false) sharp.cache(false);
  try {
    return await run();
  } finally {
    if (settings.concurrency !== undefined) sharp.concurrency(concurrency);
    if (settings.cache === false) {
      sharp.cache({ memory: cache.memory.max ?? 50, files: cache.files.max, items: cache.items.max });
    }
  }
}
