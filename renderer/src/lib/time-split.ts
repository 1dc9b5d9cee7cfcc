/**
 * The rows of the "where the time goes" bars. With the engine's whole-job runs (scope 'job'), their
 * measured split: decode, dispatch, compute, reassemble, encode, idle. Until then, from the filter-stage
 * benchmark: decode and encode were timed once on one thread, so both rows carry the same decode and
 * encode beside each run's filter stage, and the end-to-end speedup they imply is labelled an estimate.
 */
import { runLabel } from './benchmark';
import { formatFactor } from './format';
import { bestRun, type ReportModel, type RunModel, SPLIT_KEYS, type SplitKey } from './report-adapter';

export interface SplitSegmentModel {
  key: SplitKey;
  label: string;
  ms: number;
}

export interface SplitRowModel {
  label: string;
  segments: SplitSegmentModel[];
}

export interface SplitView {
  rows: SplitRowModel[];
  caption: string;
  /** 'measured': the engine's job split; 'estimate': assembled from the filter-stage benchmark. */
  kind: 'measured' | 'estimate';
  /** Serial total / pool total of the rows (the whole job's speedup, measured or estimated). */
  jobSpeedup: number | null;
}

const LABELS: Record<SplitKey, string> = {
  decode: 'decode',
  dispatch: 'dispatch',
  compute: 'compute',
  reassemble: 'reassemble',
  encode: 'encode',
  idle: 'idle',
};

const rowLabel = (r: RunModel) => (r.mode === 'serial' ? 'One thread' : runLabel(r));
const sum = (row: SplitRowModel) => row.segments.reduce((s, x) => s + x.ms, 0);

export function splitView(model: ReportModel): SplitView | null {
  const job = model.runs.job;
  if (job.length) {
    const serial = job.find((r) => r.mode === 'serial');
    const best = bestRun(job);
    const rows = [serial, best]
      .filter((r): r is RunModel => r !== undefined && r !== null)
      .map((r) => {
        const segments = SPLIT_KEYS.flatMap((key) => {
          const ms = r.split[key];
          return ms !== undefined && ms > 0 ? [{ key, label: LABELS[key], ms }] : [];
        });
        return {
          label: rowLabel(r),
          segments: segments.length
            ? segments
            : [{ key: 'compute' as const, label: 'whole job', ms: r.medianMs }],
        };
      });
    const speedup = serial && best ? best.speedup : null;
    return {
      rows,
      kind: 'measured',
      jobSpeedup: speedup,
      caption: `Measured over the whole job (file in, encoded bytes out), median repetition, each part summed over the threads: a pool's bar holds every worker's time, idle included, so it is longer than its wall time.${
        speedup !== null ? ` End to end: ${formatFactor(speedup)}.` : ''
      } The parts that do not shrink with more workers are what Amdahl's law is about.`,
    };
  }

  const filter = model.runs.filter;
  const serial = filter.find((r) => r.mode === 'serial');
  const best = bestRun(filter);
  if (!serial || !best) return null;
  const decode = serial.split.decode ?? 0;
  const encode = serial.split.encode ?? 0;
  if (!(decode > 0) && !(encode > 0)) return null;
  const row = (r: RunModel, filterLabel: string): SplitRowModel => ({
    label: rowLabel(r),
    segments: [
      { key: 'decode', label: 'decode', ms: decode },
      { key: 'compute', label: filterLabel, ms: r.medianMs },
      { key: 'encode', label: 'encode', ms: encode },
    ],
  });
  const rows = [row(serial, 'filter stage'), row(best, 'filter stage (pool)')];
  const jobSpeedup = sum(rows[0]) / sum(rows[1]);
  return {
    rows,
    kind: 'estimate',
    jobSpeedup,
    caption: `Estimate. This benchmark times the filter stage per configuration; decode and encode were timed once, on one thread, so both bars use the same decode and encode. End to end that makes about ${formatFactor(jobSpeedup)} instead of ${formatFactor(best.speedup)} for the filter stage: the part the pool does not speed up limits the whole (Amdahl's law).`,
  };
}
