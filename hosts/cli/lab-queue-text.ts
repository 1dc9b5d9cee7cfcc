/**
 * The text of `pixelpool lab queue`: per capacity, the time, the throughput and the memory held, both
 * queues' depths over the run as a strip of digits, then what the capacity did, tied to Python's queues
 * and the sentinel. The sentences are the app's too (shared/lab/queue.ts).
 */
import {
  capacityText,
  type DepthSample,
  queueMb as mb,
  type QueueCapacityResult,
  type QueueReport,
  queueFindings,
  queueIntro,
} from '../../shared/lab';

/** Width of a depth trace, characters. */
const TRACE = 48;

/** The samples in TRACE buckets over `totalMs`, each the deepest of its bucket ('+' above 9). */
function trace(samples: readonly DepthSample[], totalMs: number): string {
  const buckets: number[] = Array.from({ length: TRACE }, () => -1);
  for (const [ms, depth] of samples) {
    const at = Math.min(TRACE - 1, Math.floor((ms / Math.max(totalMs, 1)) * TRACE));
    buckets[at] = Math.max(buckets[at], depth);
  }
  // A column no sample fell in (the main thread was busy past the timer: copying pixels) shows '·'.
  return buckets.map((d) => (d < 0 ? '·' : d > 9 ? '+' : String(d))).join('');
}

function row(run: QueueCapacityResult): string {
  return [
    capacityText(run.capacity).padEnd(9),
    run.totalMs.toFixed(0).padStart(8),
    run.megapixelsPerSecond.toFixed(1).padStart(5),
    String(run.peakImagesInMemory).padStart(11),
    mb(run.peakBytes).padStart(7),
    `${run.maxDepths.decoded}/${run.maxDepths.filtered}`.padStart(16),
    (run.endedWithSentinel ? 'DONE' : 'no').padStart(8),
  ].join('  ');
}

export function formatQueue(report: QueueReport, filters: string): string {
  const lines = [
    ...queueIntro(report, filters),
    '',
    'capacity   total ms   MP/s  peak photos  peak MB  max depth dec/fil  sentinel',
    '---------  --------  -----  -----------  -------  -----------------  --------',
    ...report.capacities.map(row),
    '',
    `Depth of each queue over the run (sampled every ${report.sampleEveryMs} ms, the deepest per column; · no sample, the main thread was busy):`,
  ];
  for (const run of report.capacities) {
    const label = capacityText(run.capacity).padEnd(9);
    lines.push(`${label}  decoded   ${trace(run.depths.decoded, run.totalMs)}`);
    lines.push(`${' '.repeat(9)}  filtered  ${trace(run.depths.filtered, run.totalMs)}`);
  }
  lines.push('', ...queueFindings(report).map((finding) => finding.text));
  for (const warning of report.machine.warnings) lines.push('', warning);
  return `${lines.join('\n')}\n`;
}
