/**
 * Plain-words warnings the UI derives from today's report fields, for as long as the engine does not
 * send its own (report-adapter.ts uses these only when a run or the report has no `warnings` field).
 * Each names the figure, says why it should not be trusted, and what the user can do.
 */
import { formatFactor, formatPercent } from './format';

/** Spread of a run's repetitions (coefficient of variation) above which it is called noisy. */
export const NOISY_CV = 0.1;
/** Summed worker compute above the serial compute by this factor: the cores did not deliver. */
export const SLOW_CORES_RATIO = 1.25;

export interface RunFacts {
  mode: 'serial' | 'pool';
  workers: number;
  speedup: number;
  efficiency: number;
  samples: number;
  cv: number | null;
  /** Summed compute time of the run (CPU time over strips for a pool run), ms. */
  computeMs: number | undefined;
}

export type WarningKind = 'over-cores' | 'above-cores' | 'above-workers' | 'noisy' | 'slow-cores';

export interface DerivedWarning {
  kind: WarningKind;
  text: string;
}

/** The coefficient of variation (sample standard deviation / mean), or null with fewer than 2 samples. */
export function coefficientOfVariation(samples: readonly number[]): number | null {
  if (samples.length < 2) return null;
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  if (!(mean > 0)) return null;
  const variance = samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (samples.length - 1);
  return Math.sqrt(variance) / mean;
}

const workersWord = (n: number) => `${n} worker${n === 1 ? '' : 's'}`;

export function runWarnings(
  run: RunFacts,
  cores: number,
  serialComputeMs: number | undefined,
): DerivedWarning[] {
  const out: DerivedWarning[] = [];
  if (run.mode === 'pool' && run.workers > cores) {
    out.push({
      kind: 'over-cores',
      text: `${workersWord(run.workers)} on ${cores} cores: more workers than cores, so they take turns; no gain is expected past ${cores}.`,
    });
  }
  if (run.mode === 'pool' && run.speedup > cores) {
    out.push({
      kind: 'above-cores',
      text: `${formatFactor(run.speedup)} on ${cores} cores is more than the cores can give: the serial run was slowed by something else (other programs, the CPU's clock). Treat it as noise and re-run on a quiet machine.`,
    });
  } else if (run.mode === 'pool' && run.speedup > run.workers) {
    out.push({
      kind: 'above-workers',
      text:
        run.workers === 1
          ? `A 1-worker pool at ${formatPercent(run.efficiency)} efficiency: one worker cannot beat one thread, so the ${formatPercent(run.efficiency - 1)} above 100% is measurement noise; read every speedup here with at least that margin.`
          : `${formatFactor(run.speedup)} with ${workersWord(run.workers)} is more than ${run.workers} workers can give: noise, or the serial run was slowed. Re-run to check.`,
    });
  }
  if (run.cv !== null && run.cv > NOISY_CV) {
    out.push({
      kind: 'noisy',
      text: `Noisy: the ${run.samples} repetitions spread ${formatPercent(run.cv)} (coefficient of variation). Close other programs or raise the repeats.`,
    });
  }
  // Oversubscribed workers wait for a core inside their timed compute, so their sum says nothing there.
  if (
    run.mode === 'pool' &&
    run.workers > 1 &&
    run.workers <= cores &&
    run.computeMs !== undefined &&
    serialComputeMs !== undefined &&
    serialComputeMs > 0 &&
    run.computeMs > SLOW_CORES_RATIO * serialComputeMs
  ) {
    out.push({
      kind: 'slow-cores',
      text: `The workers' compute time added up to ${(run.computeMs / serialComputeMs).toFixed(2)}× the serial compute: the cores ran slower together (a busy machine, shared caches or memory), so the lost speedup is the machine's, not the pipeline's.`,
    });
  }
  return out;
}

/** The report-wide summary of the runs' warnings: one line per kind that occurred. */
export function reportWarnings(
  runs: readonly { workers: number; warnings: readonly DerivedWarning[] }[],
): string[] {
  const count = (kind: WarningKind) => runs.filter((r) => r.warnings.some((w) => w.kind === kind)).length;
  const runsWord = (n: number) => `${n} run${n === 1 ? '' : 's'}`;
  const out: string[] = [];
  const aboveCores = count('above-cores');
  if (aboveCores)
    out.push(
      `${runsWord(aboveCores)} ${aboveCores === 1 ? 'shows' : 'show'} a speedup above the number of cores, which no pool can reach: the machine was not steady during the benchmark, so ${aboveCores === 1 ? 'this figure is' : 'these figures are'} noise, not speedup.`,
    );
  const aboveWorkers = count('above-workers');
  if (aboveWorkers)
    out.push(
      `${runsWord(aboveWorkers)} ${aboveWorkers === 1 ? 'shows a speedup above its' : 'show a speedup above their'} worker count: measurement noise of at least that size is in every figure here.`,
    );
  const noisy = count('noisy');
  if (noisy)
    out.push(
      `${runsWord(noisy)} ${noisy === 1 ? 'is' : 'are'} noisy (repetitions spread above ${formatPercent(NOISY_CV)}): close other programs or raise the repeats, then re-run.`,
    );
  const slow = count('slow-cores');
  if (slow)
    out.push(
      'The cores did not deliver: the workers together computed well above the serial time, so the machine, not the pipeline, cost the missing speedup, and the Amdahl fit is not shown as the pipeline\u2019s serial fraction.',
    );
  return out;
}
