import type { LabRaceReport, LabRaceVariant } from '../../../../shared/lab';

/** The median of a list of numbers (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Counts lost by a variant, median over its runs (the figure the chart draws). */
export function medianLost(variant: LabRaceVariant): number {
  return median(variant.runs.map((run) => run.lost));
}

/** The lost counts as a share of the exact total, for the words beside them ("0.9%"). */
export function lostShare(lost: number, report: Pick<LabRaceReport, 'expected'>): string {
  if (lost === 0 || report.expected === 0) return '0%';
  const pct = (lost / report.expected) * 100;
  return `${pct < 0.01 ? '<0.01' : pct < 1 ? pct.toFixed(2) : pct.toFixed(1)}%`;
}

/** Milliseconds as the table shows them: one decimal below 100 ms, whole above. */
export function formatMs(ms: number): string {
  return ms < 100 ? ms.toFixed(1) : Math.round(ms).toString();
}

/** A count with thousands separated ("12 288 000"), fixed so the text is the same on every locale. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
}
