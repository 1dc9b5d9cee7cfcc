/** Strips per worker by default: enough that a worker finishing early picks up more work. */
export const STRIPS_PER_WORKER = 4;

/** Below this a strip's halo and messaging overhead start to outweigh its rows. */
export const MIN_STRIP_ROWS = 16;

/**
 * Default output rows per strip: about STRIPS_PER_WORKER strips per worker, but no thinner than
 * MIN_STRIP_ROWS or twice the halo (a thinner strip would recompute more halo rows than it writes).
 */
export function defaultStripRows(imageHeight: number, workers: number, halo: number): number {
  const even = Math.ceil(imageHeight / (Math.max(1, workers) * STRIPS_PER_WORKER));
  return Math.max(1, Math.min(imageHeight, Math.max(even, MIN_STRIP_ROWS, 2 * halo)));
}
