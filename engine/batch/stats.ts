/**
 * Progress figures (rates, time left) are derived from the result's counts, never kept beside them,
 * so the progress bar and the final summary cannot disagree about how many files are done.
 */
import type { BatchResult, BatchRunStats } from './types';

export type StatsSource = Pick<BatchResult, 'total' | 'processed' | 'skipped' | 'failed' | 'megapixels'>;

export function batchStats(source: StatsSource, elapsedMs: number): BatchRunStats {
  const finished = source.processed + source.failed.length + source.skipped;
  const seconds = elapsedMs / 1000;
  const rate = seconds > 0 ? finished / seconds : 0;
  return {
    total: source.total,
    done: source.processed,
    failed: source.failed.length,
    skipped: source.skipped,
    elapsedMs,
    rate,
    // The rate over the files so far: a batch of similar photos finishes at about that pace.
    etaMs: finished > 0 && rate > 0 ? ((source.total - finished) / rate) * 1000 : null,
    megapixelsDone: source.megapixels,
    megapixelsPerSecond: seconds > 0 ? source.megapixels / seconds : 0,
  };
}
