/**
 * The text of `pixelpool lab queue`: per capacity, the time, the throughput and the memory held, both
 * queues' depths over the run as a strip of digits, then what the capacity did, tied to Python's queues
 * and the sentinel. Every figure comes from the report; the sentences only compare them.
 */
import type { DepthSample, QueueCapacityResult, QueueReport } from '../../engine/lab/queue';

/** Width of a depth trace, characters. */
const TRACE = 48;

const capacityText = (capacity: number) => (capacity === 0 ? 'unbounded' : String(capacity));
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

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

function sentences(report: QueueReport): string[] {
  const runs = report.capacities;
  const n = report.images.length;
  const lines: string[] = [];
  const least = runs.reduce((a, b) => (b.peakBytes < a.peakBytes ? b : a));
  // Ties go to the larger capacity (unbounded is the largest): the one that could have held more.
  const roomier = (a: QueueCapacityResult, b: QueueCapacityResult) =>
    b.capacity === 0 || (a.capacity !== 0 && b.capacity > a.capacity);
  const most = runs.reduce((a, b) =>
    b.peakBytes > a.peakBytes || (b.peakBytes === a.peakBytes && roomier(a, b)) ? b : a,
  );
  if (least.peakBytes < most.peakBytes) {
    const mostLabel = most.capacity === 0 ? 'unbounded' : `capacity ${most.capacity}`;
    const all =
      most.peakImagesInMemory < n
        ? ''
        : most.capacity === 0
          ? `, every photo there was (an unbounded queue holds as many as the decoder outruns the filter by: more photos, more memory)`
          : `, every photo there was (with only ${n} photos a capacity of ${most.capacity} is never the limit)`;
    lines.push(
      `Capacity ${least.capacity === 0 ? 'unbounded' : least.capacity} held at most ${least.peakImagesInMemory} photos (${mb(least.peakBytes)}) at once, ${mostLabel} ${most.peakImagesInMemory} (${mb(most.peakBytes)})${all}: a full queue makes put() wait, as Python's queue.Queue(maxsize) and multiprocessing.Queue(maxsize) do, so the decoder cannot run ahead of the filter${most.capacity === 0 ? '; with maxsize=0, unbounded, nothing holds it back' : ''}.`,
    );
  } else {
    lines.push(
      `Every capacity held at most ${most.peakImagesInMemory} photos (${mb(most.peakBytes)}) at once: the decoder never got far ahead of the filter here (${n} photos), so a full queue's put() (Python's queue.Queue(maxsize), multiprocessing.Queue(maxsize)) had little to hold back.`,
    );
  }
  const slowest = runs.reduce((a, b) => (b.megapixelsPerSecond < a.megapixelsPerSecond ? b : a));
  const fastest = runs.reduce((a, b) => (b.megapixelsPerSecond > a.megapixelsPerSecond ? b : a));
  const spread = fastest.megapixelsPerSecond / slowest.megapixelsPerSecond;
  const smallerWasSlower =
    slowest.capacity !== 0 && (fastest.capacity === 0 || slowest.capacity < fastest.capacity);
  const range = `from ${slowest.megapixelsPerSecond.toFixed(1)} MP/s (capacity ${capacityText(slowest.capacity)}) to ${fastest.megapixelsPerSecond.toFixed(1)} MP/s (capacity ${capacityText(fastest.capacity)}), one run each`;
  lines.push(
    spread < 1.1
      ? `Throughput hardly moved (${slowest.megapixelsPerSecond.toFixed(1)} to ${fastest.megapixelsPerSecond.toFixed(1)} MP/s, one run each): the slowest stage sets the pace, and a queue of one is enough to keep it fed, so the capacity bought memory, not speed.`
      : smallerWasSlower
        ? `Throughput went ${range}: a small queue can leave a stage waiting when its neighbour's pace varies from photo to photo, though a difference this size can also be the machine's noise (run again to tell).`
        : `Throughput went ${range}: the smaller queue was not the slower one, so this is the machine's noise rather than the capacity; the slowest stage sets the pace either way.`,
  );
  const allDone = runs.every((r) => r.endedWithSentinel);
  lines.push(
    allDone
      ? 'Every run ended with the DONE sentinel: each producer closed its queue when it had put its last photo, and each consumer stopped when the drained queue handed it DONE, as a Python consumer stops on the None its producer puts last.'
      : `The runs at capacity ${runs
          .filter((r) => !r.endedWithSentinel)
          .map((r) => capacityText(r.capacity))
          .join(', ')} did not end with the DONE sentinel.`,
  );
  return lines;
}

export function formatQueue(report: QueueReport, filters: string): string {
  const n = report.images.length;
  const lines = [
    `Queues: ${n} photo${n === 1 ? '' : 's'} (${report.megapixels.toFixed(1)} MP in all), decoded by sharp, filtered with ${filters} on ${report.workers} workers, encoded to JPEG in memory (nothing written);`,
    'one stage each, a queue of the same capacity between decode and filter and between filter and encode, one run per capacity.',
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
  lines.push('', ...sentences(report));
  for (const warning of report.machine.warnings) lines.push('', warning);
  return `${lines.join('\n')}\n`;
}
