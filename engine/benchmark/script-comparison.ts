/**
 * The job scope against the sharp script: each job pool run's time relative to the script's fastest run,
 * and the verdict in one sentence. Pure: it reads the runs.
 *
 * Why the script's fastest and not the one with as many files at once as the pool has workers: a pool's
 * batch decodes and encodes in lanes of its own beside the workers (engine/batch/lanes.ts), so even one
 * worker's job uses every core, and the fair question is how each stands against the script at its best.
 *
 * The ratio is taken per round from the two runs' pair speedups (each over the serial run beside it), not
 * from their raw times: the pool run and the script are timed in the same round but not side by side, and
 * dividing each by its own neighbour cancels the drift between them as the pairs do for the speedups.
 */
import { BENCHMARK_SCHEDULE_INFO } from '../../shared/contract';
import type { SharpScript } from './sharp-script';
import { summarizePairs } from './statistics';
import type { BenchmarkRun, BenchmarkScriptComparison, BenchmarkScriptReference } from './types';

type RunFigures = Omit<BenchmarkRun, 'warnings'>;

/** How the report names a script run: "sharp script, 2 files at a time". */
export function scriptLabel(atOnce: number): string {
  return `sharp script, ${atOnce} file${atOnce === 1 ? '' : 's'} at a time`;
}

function times(x: number): string {
  return `${x.toFixed(2)}x`;
}

/** The sentence the CLI prints and the app shows, for one comparison. */
export function scriptVerdict(comparison: BenchmarkScriptComparison, lines: number): string {
  const { timeRatio, timeRatioCI, workers, transport, scriptAtOnce } = comparison;
  const [low, high] = timeRatioCI;
  const faster = timeRatio < 1 ? `, ${times(1 / timeRatio)} faster` : '';
  const level = low <= 1 && high >= 1 ? '; the interval holds 1: level within the noise' : '';
  return `PixelPool takes ${times(timeRatio)} the time of a ${lines}-line sharp script on these images${faster} (its fastest job run, ${workers} worker${workers === 1 ? '' : 's'}, ${transport}, ${BENCHMARK_SCHEDULE_INFO[comparison.schedule].title}, against the script at its fastest, ${scriptAtOnce} file${scriptAtOnce === 1 ? '' : 's'} at a time; 95% interval ${low.toFixed(2)}-${times(high)}${level}).`;
}

/**
 * The script's part of the report from the job scope's runs, or null when it has no script run or no
 * pool run to compare (then there is nothing to say).
 */
export function scriptReference(
  operation: string,
  script: SharpScript,
  jobRuns: readonly RunFigures[],
): BenchmarkScriptReference | null {
  const against = jobRuns
    .filter((r) => r.mode === 'reference')
    .reduce<RunFigures | undefined>((best, r) => (!best || r.speedup > best.speedup ? r : best), undefined);
  if (!against) return null;
  const comparisons: BenchmarkScriptComparison[] = [];
  let fastest: { run: RunFigures; comparison: BenchmarkScriptComparison } | null = null;
  for (const run of jobRuns) {
    if (run.mode !== 'pool' || run.transport === null || run.schedule === null) continue;
    const ratio = summarizePairs(against.pairSpeedups, run.pairSpeedups);
    const comparison: BenchmarkScriptComparison = {
      workers: run.workers,
      transport: run.transport,
      schedule: run.schedule,
      scriptAtOnce: against.workers,
      timeRatio: ratio.median,
      timeRatioCI: ratio.interval,
    };
    comparisons.push(comparison);
    // Fastest by the pairs, as the speedups rank runs (a median time may rank two close runs otherwise).
    if (!fastest || run.speedup > fastest.run.speedup) fastest = { run, comparison };
  }
  if (!fastest) return null;
  return {
    operation,
    call: script.call,
    script: script.text,
    lines: script.lines,
    comparisons,
    summary: scriptVerdict(fastest.comparison, script.lines),
  };
}
