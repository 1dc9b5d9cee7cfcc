/**
 * What the pool bought on a batch: its measured throughput, and, where this session has a benchmark of
 * the same pipeline at the batch's worker count, an estimate of the batch on one core and the time saved.
 *
 * The estimate prefers the benchmark's whole-job speedup (scope 'job': decode, filter, encode), which is
 * what a batch does; until the engine measures it, the filter stage's: the batch's megapixels at the
 * benchmark's one-thread filter rate, minus the same at its pool speedup, with decode and encode taken
 * to cost the same either way.
 */
import type { BenchmarkMeasurement } from './measurements';

export interface BatchFacts {
  /** Files written. */
  files: number;
  /** Megapixels of the files written (null when their sizes are not known). */
  megapixels: number | null;
  elapsedMs: number;
  /** Pool size; 0 = the serial path. */
  workers: number;
}

export interface BatchThroughput {
  filesPerSecond: number | null;
  mpPerSecond: number | null;
}

export function batchThroughput(facts: BatchFacts): BatchThroughput {
  const seconds = facts.elapsedMs / 1000;
  if (!(seconds > 0) || facts.files === 0) return { filesPerSecond: null, mpPerSecond: null };
  return {
    filesPerSecond: facts.files / seconds,
    mpPerSecond: facts.megapixels !== null && facts.megapixels > 0 ? facts.megapixels / seconds : null,
  };
}

export type TimeSaved =
  | {
      ok: true;
      /** The batch on one core, estimated, seconds. */
      oneCoreSeconds: number;
      /** oneCoreSeconds - the measured time (negative when the pool cost time). */
      savedSeconds: number;
      basis: 'job' | 'filter';
      /** The benchmark's speedup used. */
      speedup: number;
      transport: string | null;
      benchmarkAtMs: number;
    }
  | { ok: false; reason: string };

export function timeSaved(
  facts: BatchFacts,
  bench: BenchmarkMeasurement | null,
  transport: string,
): TimeSaved {
  if (facts.workers === 0)
    return { ok: false, reason: 'This batch ran on one thread (workers 0): nothing to compare.' };
  if (!bench)
    return {
      ok: false,
      reason: 'Run a benchmark of this pipeline to see what the pool saved (an estimate from its speedup).',
    };
  const at = (scope: 'job' | 'filter') => {
    const same = bench.runs.filter((r) => r.scope === scope && r.workers === facts.workers);
    return same.find((r) => r.transport === transport) ?? null;
  };
  const elapsed = facts.elapsedMs / 1000;
  const job = at('job');
  if (job && job.speedup > 0) {
    const oneCore = elapsed * job.speedup;
    return {
      ok: true,
      oneCoreSeconds: oneCore,
      savedSeconds: oneCore - elapsed,
      basis: 'job',
      speedup: job.speedup,
      transport: job.transport,
      benchmarkAtMs: bench.atMs,
    };
  }
  const filter = at('filter');
  if (!filter || !(filter.speedup > 0))
    return {
      ok: false,
      reason: `The benchmark of this pipeline did not measure ${facts.workers} worker${facts.workers === 1 ? '' : 's'} with the ${transport} transport; include it to see the time saved.`,
    };
  if (facts.megapixels === null || !(bench.serialMpPerSecond > 0))
    return {
      ok: false,
      reason: 'The sizes of the images written are not known any more (the list changed).',
    };
  const filterOneCore = facts.megapixels / bench.serialMpPerSecond;
  const saved = filterOneCore * (1 - 1 / filter.speedup);
  return {
    ok: true,
    oneCoreSeconds: elapsed + saved,
    savedSeconds: saved,
    basis: 'filter',
    speedup: filter.speedup,
    transport: filter.transport,
    benchmarkAtMs: bench.atMs,
  };
}
