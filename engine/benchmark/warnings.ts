/**
 * When a benchmark's figure should not be trusted, and why, in plain words. Pure: the runner measures,
 * these rules read the measurements (warnings.test.ts tests each rule on made-up figures).
 *
 * Each warning starts with a word or two that names it ("Noisy:", "Impossible speedup:", ...), so a
 * reader (or the UI) can tell them apart, then says what was seen and what to do about it.
 */
import { KERNEL_INFO, type KernelChoice } from '../../shared/kernels';
import type { BenchmarkMode, BenchmarkScope, Calibration, RoundsStop } from './types';

/** Run times whose coefficient of variation is above this are noisy. */
export const NOISY_CV = 0.1;
/** A speedup whose 95% interval's half-width is above this share of the speedup is uncertain. */
export const WIDE_INTERVAL = 0.05;
/** Fewer pairs than this give a rough interval (with 5 the interval is about [min, max]). */
export const FEW_PAIRS = 5;
/** The workers' summed compute time above this multiple of the serial compute time: the cores did not deliver. */
export const COMPUTE_INFLATION = 1.3;
/** The calibration loop on every core at once got less than this share of `cores` cores' worth of speed. */
export const BUSY_CORES_SHARE = 0.8;
/**
 * A 1-minute load average at or above this share of the cores: the machine was busy. Not lower: the
 * average remembers the last minute, a benchmark run just before this one included (it keeps about 1.5 to
 * 2 threads runnable on 2 cores); the calibration loop is what says how busy the cores are now.
 */
export const BUSY_LOAD_SHARE = 1;
/** The calibration loop alone took more than this factor longer (or shorter) after the run than before. */
export const SPEED_CHANGE = 1.2;

/** The adaptive mode's goal: every interval within ±3% of its speedup, from at least 5 pairs. */
export const TARGET_HALF_WIDTH = 0.03;
export const MIN_CONVERGED_PAIRS = 5;

/** What the rules need to know of one run. */
export interface RunFacts {
  scope: BenchmarkScope;
  mode: BenchmarkMode;
  workers: number;
  speedup: number;
  speedupCI: readonly [number, number];
  cv: number;
  pairs: number;
  outliers: number;
  computeRatio: number | null;
  /**
   * Job runs: the filter scope's computeRatio for the same workers and transport, when it was measured.
   * It tells the job's own stages sharing the cores (filter fine, job high) from the machine (both high).
   */
  filterComputeRatio?: number | null;
}

type ComputeFacts = Pick<RunFacts, 'scope' | 'computeRatio' | 'filterComputeRatio'>;

/** The workers computed well slower than the serial baseline, and not (only) because of the job's own stages. */
export function coresDidNotDeliver(run: ComputeFacts): boolean {
  return run.computeRatio !== null && run.computeRatio > COMPUTE_INFLATION && !stagesShareCores(run);
}

/** A job's workers computed slower because its decode and encode ran on the same cores (the filter stage did not). */
export function stagesShareCores(run: ComputeFacts): boolean {
  return (
    run.scope === 'job' &&
    run.computeRatio !== null &&
    run.computeRatio > COMPUTE_INFLATION &&
    run.filterComputeRatio != null &&
    run.filterComputeRatio <= COMPUTE_INFLATION
  );
}

function pct(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

function times(x: number): string {
  return `${x.toFixed(2)}x`;
}

/** A factor next to a bound it is compared with: enough digits that "1.00x is above 1" cannot be read. */
function timesNear(x: number, bound: number): string {
  return Math.abs(x - bound) < 0.01 ? `${x.toFixed(3)}x` : times(x);
}

function pctNear(share: number): string {
  return Math.abs(share - 1) < 0.01 ? pct(share, 1) : pct(share);
}

function workersText(n: number): string {
  return `${n} worker${n === 1 ? '' : 's'}`;
}

function coresText(n: number): string {
  return `${n} core${n === 1 ? '' : 's'}`;
}

const REPEAT_ADVICE =
  'Close other programs and run again, or give it a time budget to repeat until the interval is narrow (--time-budget SECONDS)';

/** The warnings of one run, `cores` being the cores this process may use. */
export function runWarnings(run: RunFacts, cores: number): string[] {
  const warnings: string[] = [];
  const [low, high] = run.speedupCI;
  const halfWidth = run.speedup > 0 ? (high - low) / 2 / run.speedup : Infinity;
  // The sharp script is paired with the baseline like the pool: its interval and pairs say as much.
  const paired = run.mode !== 'serial';
  const isPool = run.mode === 'pool';

  const facts: string[] = [];
  if (run.cv > NOISY_CV) {
    facts.push(
      `its run times vary by ${pct(run.cv, 1)} (coefficient of variation; above ${pct(NOISY_CV)} is noisy)`,
    );
  }
  if (paired && halfWidth > WIDE_INTERVAL) {
    facts.push(
      `its speedup's 95% interval is ${times(low)} to ${times(high)} (±${pct(halfWidth, 1)}; wider than ±${pct(WIDE_INTERVAL)} is noisy)`,
    );
  }
  if (facts.length > 0) {
    warnings.push(`Noisy: ${facts.join(', and ')}. ${REPEAT_ADVICE}.`);
  }
  if (paired && run.pairs < FEW_PAIRS) {
    warnings.push(
      `Few pairs: only ${run.pairs} pair${run.pairs === 1 ? '' : 's'} of serial and ${isPool ? 'pool' : 'script'} runs, so the 95% interval is rough (it covers the true speedup less often than it says); use --repeat ${FEW_PAIRS} or more.`,
    );
  }
  if (!isPool) return warnings;

  // A speedup beyond the workers (efficiency above 100%) or beyond the cores cannot come from the pool. In
  // the job it can go beyond the workers, not beyond the cores: decoding and encoding run on the main
  // thread and sharp's threads beside the workers.
  const overWorkers = run.speedup > run.workers;
  const overCores = run.speedup > cores;
  const shown = timesNear(run.speedup, overCores && !overWorkers ? cores : run.workers);
  const efficiency = `efficiency ${pctNear(run.speedup / run.workers)}, above 100%`;
  if (overCores || (overWorkers && run.scope === 'filter')) {
    const bounds: string[] = [];
    if (overWorkers) bounds.push(`more than ${workersText(run.workers)} can give (${efficiency})`);
    if (overCores) bounds.push(`more than the machine's ${coresText(cores)} can give`);
    const limit = run.scope === 'job' ? cores : Math.min(run.workers, cores);
    const withinNoise =
      low <= limit
        ? ` Its 95% interval reaches down to ${timesNear(low, limit)}, so it is within the noise.`
        : ' Even its 95% interval is above that.';
    warnings.push(
      `Impossible speedup: ${shown} on ${workersText(run.workers)} is ${bounds.join(', and ')}. The serial runs it is compared with were slowed more than the pool runs (the machine changed speed); read it as noise, not as speedup.${withinNoise}`,
    );
  } else if (overWorkers) {
    warnings.push(
      `Above its workers: ${shown} on ${workersText(run.workers)} (${efficiency}). In the whole job this can be real: decoding and encoding run on the main thread and sharp's threads beside the workers, so the job uses more cores than it has workers (the machine's ${coresText(cores)} are the bound). Its efficiency is not the workers' alone.`,
    );
  }
  if (run.workers > cores) {
    warnings.push(
      `Oversubscribed: ${workersText(run.workers)} on ${coresText(cores)} take turns on the cores; the speedup cannot pass ${times(cores)} and the extra workers only add switching.`,
    );
  }
  if (coresDidNotDeliver(run)) {
    const cause =
      run.scope === 'job'
        ? run.filterComputeRatio == null
          ? "other programs, shared caches or memory bandwidth, or the job's own decoding and encoding on the same cores; --scope both tells these apart"
          : `other programs, shared caches or memory bandwidth: the filter stage alone was slowed too, ${times(run.filterComputeRatio)}`
        : 'other programs on the cores, shared caches or memory bandwidth, a lower clock';
    warnings.push(
      `Cores did not deliver: the workers' compute time added up to ${times(run.computeRatio ?? 0)} the serial compute time for the same work, so each worker computed slower than the serial baseline did (${cause}). This speedup is what the machine gave then, not what the pipeline can give.`,
    );
  } else if (stagesShareCores(run)) {
    warnings.push(
      `Stages share the cores: the workers' compute time added up to ${times(run.computeRatio ?? 0)} the serial compute time (the filter stage alone: ${times(run.filterComputeRatio ?? 0)}), because the job's decoding and encoding ran on the same ${coresText(cores)} as the workers. That is part of what the whole job costs on this machine, and why it scales less than the filter stage.`,
    );
  }
  return warnings;
}

export interface MachineFacts {
  cores: number;
  /** 1-minute load average before the run; null where the OS has none. */
  loadAverage: number | null;
  before: Calibration;
  after: Calibration | null;
}

/** Whether the machine was busy before the run, by the load average or the calibration loop. */
export function machineWasBusy(machine: MachineFacts): boolean {
  const { cores, loadAverage, before } = machine;
  return (
    before.coresDelivered < BUSY_CORES_SHARE * cores ||
    (loadAverage !== null && loadAverage >= BUSY_LOAD_SHARE * cores)
  );
}

function calibrationText(c: Calibration, cores: number): string {
  return `a short loop on every core at once got ${c.coresDelivered.toFixed(1)} of ${coresText(cores)}' worth of speed`;
}

/** The report's warnings about the machine: busy before, busy after, its speed changed in between. */
export function machineWarnings(machine: MachineFacts): string[] {
  const { cores, loadAverage, before, after } = machine;
  const warnings: string[] = [];
  if (machineWasBusy(machine)) {
    const loopBusy = before.coresDelivered < BUSY_CORES_SHARE * cores;
    const loadBusy = loadAverage !== null && loadAverage >= BUSY_LOAD_SHARE * cores;
    const facts: string[] = [];
    if (loadBusy) facts.push(`the load average was ${(loadAverage ?? 0).toFixed(2)} on ${coresText(cores)}`);
    if (loopBusy) facts.push(calibrationText(before, cores));
    const aside = loopBusy ? '' : ` (${calibrationText(before, cores)} at that moment)`;
    warnings.push(
      `Busy machine: before the run ${facts.join(', and ')}${aside}. Other programs were using the cores, so the pool's workers shared them; the speedups are lower (and noisier) than this pipeline gets on an idle machine. Close other programs and run again.`,
    );
  }
  if (after) {
    if (!machineWasBusy(machine) && after.coresDelivered < BUSY_CORES_SHARE * cores) {
      warnings.push(
        `Busy machine: after the run ${calibrationText(after, cores)}; something else started using the cores during the benchmark. Run again once it is done.`,
      );
    }
    const change = after.singleMs / before.singleMs;
    if (change > SPEED_CHANGE || change < 1 / SPEED_CHANGE) {
      const how = change > 1 ? `${times(change)} slower` : `${times(1 / change)} faster`;
      warnings.push(
        `Machine speed changed: the same loop on one thread ran ${how} after the run than before (the clock, other programs, or the machine's neighbours changed). Figures measured at different speeds compare badly; pairs of adjacent runs cancel most of it, but check the intervals.`,
      );
    }
  }
  return warnings;
}

/** The adaptive mode's warning when the budget ran out first, or was too short for the minimum rounds. */
export function roundsWarnings(opts: {
  stoppedBy: RoundsStop;
  budgetSeconds: number | null;
  spentSeconds: number;
  rounds: number;
  /** Configurations whose interval is still wider than the goal. */
  unsettled: string[];
}): string[] {
  const { stoppedBy, budgetSeconds, spentSeconds, rounds, unsettled } = opts;
  if (budgetSeconds === null || unsettled.length === 0) return [];
  const over =
    spentSeconds > budgetSeconds
      ? ` The budget (${budgetSeconds} s) was too short even for ${rounds} rounds (took ${spentSeconds.toFixed(0)} s).`
      : '';
  const why = stoppedBy === 'limit' ? 'the limit of rounds was reached' : 'the time budget was spent';
  return [
    `Not settled: ${why} before every interval was within ±${pct(TARGET_HALF_WIDTH)} of its speedup (still wider: ${unsettled.join('; ')}).${over} Give it more time (--time-budget), or close other programs.`,
  ];
}

/** What the kernels warning needs: what was asked, what ran instead, why, and in which runs. */
export interface KernelsFacts {
  asked: KernelChoice;
  ran: KernelChoice;
  /** Why, as the run said it. */
  reason: string;
  /** The runs that ran `ran` (their labels), or 'all'. */
  runs: 'all' | readonly string[];
}

/** The report's warning when runs ran other kernels than those asked for (WebAssembly fell back to JS). */
export function kernelsWarnings(facts: KernelsFacts): string[] {
  const { asked, ran, reason, runs } = facts;
  if (asked === ran) return [];
  const where = runs === 'all' ? 'every run' : runs.join(', ');
  const consequence =
    runs === 'all'
      ? `The figures are those of the ${KERNEL_INFO[ran].title} kernels and say nothing of the ${KERNEL_INFO[asked].title} ones; ask for --kernels ${ran} to measure what runs here.`
      : `The other runs had the ${KERNEL_INFO[asked].title} kernels, so a speedup between runs with different kernels measures the kernels as much as the pool.`;
  return [
    `Kernels fell back: the ${KERNEL_INFO[asked].title} kernels were asked for, but the ${KERNEL_INFO[ran].title} kernels ran in ${where} (${reason}). ${consequence}`,
  ];
}

/** A line for the top of the report when runs carry warnings of their own. */
export function summaryWarning(runs: readonly { warnings: readonly string[] }[]): string[] {
  const warned = runs.filter((r) => r.warnings.length > 0).length;
  if (warned === 0) return [];
  return [`${warned} of ${runs.length} runs carry warnings: see each run.`];
}

/** Whether an Amdahl fit over these runs may be presented as a property of the pipeline, and why not. */
export function amdahlTrust(
  fitted: readonly (Pick<RunFacts, 'workers' | 'speedup'> & ComputeFacts)[],
  machineBusy: boolean,
  leftOut: readonly number[],
  cores: number,
): { trusted: boolean; note: string | null } {
  const reasons: string[] = [];
  const slowed = fitted.filter(coresDidNotDeliver);
  if (slowed.length > 0) {
    reasons.push(
      `the cores did not deliver (the workers' compute time was ${slowed.map((r) => `${times(r.computeRatio ?? 0)} the serial one at ${workersText(r.workers)}`).join(', ')})`,
    );
  }
  const beyond = fitted.filter((r) => r.speedup > r.workers);
  if (beyond.length > 0) {
    reasons.push(
      `a speedup beyond its workers (${beyond.map((r) => `${timesNear(r.speedup, r.workers)} at ${workersText(r.workers)}`).join(', ')}) is outside what Amdahl's law can fit`,
    );
  }
  if (machineBusy) reasons.push('the machine was busy before the run');
  const notes: string[] = [];
  if (reasons.length > 0) {
    notes.push(
      `Not a property of the pipeline: ${reasons.join('; ')}. The fitted serial fraction would blame the pipeline for what the machine did.`,
    );
  }
  if (leftOut.length > 0) {
    notes.push(
      `Left out of the fit: ${leftOut.map(workersText).join(', ')} on ${coresText(cores)} (more workers than cores are limited by the cores, not by the pipeline).`,
    );
  }
  return { trusted: reasons.length === 0, note: notes.length > 0 ? notes.join(' ') : null };
}
