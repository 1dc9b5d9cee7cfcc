/** Strips per worker by default: enough that a worker finishing early picks up more work. */
export const STRIPS_PER_WORKER = 4;

/** Below this a strip's halo and messaging overhead start to outweigh its rows. */
export const MIN_STRIP_ROWS = 16;

/**
 * A strip recomputes 2 x halo source rows beyond its own (its neighbours compute them too). Strips are
 * kept at least this many times the halo tall, so that is at most 1/16 of a strip's rows: with
 * gaussian-blur sigma=3 (halo 9) on 1600-row photos, 8 strips of 200 rows cost 7% more compute summed
 * over workers than the serial run, which cost 2 workers about 0.1x of speedup.
 */
export const MIN_ROWS_PER_HALO_ROW = 32;

/**
 * Default output rows per strip: about STRIPS_PER_WORKER strips per worker, fewer when the halo is
 * tall (see MIN_ROWS_PER_HALO_ROW) but still one per worker where the image allows, and no thinner
 * than MIN_STRIP_ROWS or twice the halo (a thinner strip would recompute more halo rows than it writes).
 */
export function defaultStripRows(imageHeight: number, workers: number, halo: number): number {
  const perWorkers = Math.max(1, workers);
  const wanted = perWorkers * STRIPS_PER_WORKER;
  const haloBound = halo > 0 ? Math.floor(imageHeight / (MIN_ROWS_PER_HALO_ROW * halo)) : wanted;
  const count = Math.max(perWorkers, Math.min(wanted, haloBound));
  const even = Math.ceil(imageHeight / count);
  return Math.max(1, Math.min(imageHeight, Math.max(even, MIN_STRIP_ROWS, 2 * halo)));
}
