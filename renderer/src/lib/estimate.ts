/**
 * How long a benchmark will take, said before it starts, and how long it has left while it runs.
 *
 * Before: the filter stage's one-thread throughput (MP/s) from the best thing known, in this order: a
 * benchmark of the same pipeline in this session (and its measured speedups), the live preview of the
 * same pipeline (a small image on the pool, so a rough and low rate), else a conservative cost per
 * filter (COST_MS_PER_MP, about 1.5x what the kernels took on a busy 2-core machine). The run is then
 * modelled as the engine runs it (engine/benchmark/index.ts), per scope (filter, job): `warmup` untimed
 * passes of the serial run and every contender, then each round, per contender, a serial and a contender
 * run side by side, each after an untimed primer. The whole job's contenders are each configuration in
 * both schedules (strips, whole images) and, for a lone gaussian-blur or sobel, the sharp script at each
 * worker count. A time budget caps the rounds (at least three).
 * While running: the rate of the progress events so far.
 */
import type { FilterInfo, PipelineStep } from '../api/types';
import { canonicalSteps } from './pipeline-key';

/** Conservative one-thread cost of each filter, ms per megapixel, from its parameters. */
const COST_MS_PER_MP: Record<string, (p: ReadonlyMap<string, number>) => number> = {
  invert: () => 8,
  grayscale: () => 8,
  threshold: () => 10,
  'brightness-contrast': () => 10,
  sepia: () => 14,
  saturation: () => 20,
  vignette: () => 20,
  pixelate: () => 20,
  sobel: () => 30,
  emboss: () => 40,
  'box-blur': () => 55,
  'gaussian-blur': (p) => 8 + 8 * (p.get('sigma') ?? 2),
  unsharp: (p) => 25 + 8 * (p.get('sigma') ?? 2),
  median: (p) => 110 + 30 * (p.get('radius') ?? 2),
};
/** A filter this table does not know: assume a costly one. */
const UNKNOWN_COST_MS_PER_MP = 100;

/** Decoding every image once and encoding it once, per megapixel (sharp, JPEG/PNG). */
const DECODE_ENCODE_MS_PER_MP = 40;
/** Starting one pool (its workers and their shared memory). */
const POOL_START_MS = 300;
/** Collecting garbage before each pool configuration, each pass. */
const GC_MS = 30;
/** Per image and run: dispatching strips, waking workers. */
const RUN_OVERHEAD_MS_PER_IMAGE = 3;

/** The conservative one-thread throughput of a pipeline, MP/s (at least one filter's worth of work). */
export function conservativeRate(
  steps: readonly PipelineStep[],
  filters?: ReadonlyMap<string, FilterInfo>,
): number {
  const costMs = canonicalSteps(steps, filters).reduce((sum, step) => {
    const cost = COST_MS_PER_MP[step.id];
    // Filters' parameters are all numbers; a word belongs to a geometry step, which has no cost here.
    const numeric = new Map(step.params.filter((p): p is [string, number] => typeof p[1] === 'number'));
    return sum + (cost ? cost(numeric) : UNKNOWN_COST_MS_PER_MP);
  }, 0);
  return 1000 / Math.max(costMs, 5);
}

/** Whether the benchmark will also time sharp's equivalent and script (a lone gaussian-blur or sobel: engine/benchmark/reference.ts). */
export function hasSharpReference(steps: readonly PipelineStep[]): boolean {
  const enabled = steps.filter((s) => s.enabled !== false);
  return enabled.length === 1 && (enabled[0].id === 'gaussian-blur' || enabled[0].id === 'sobel');
}

export type RateSourceKind = 'benchmark' | 'preview' | 'table';

/** A speedup a benchmark measured; `schedule` left out counts for both (reports from before it). */
export interface MeasuredSpeedup {
  workers: number;
  transport: string | null;
  schedule?: string | null;
  speedup: number;
}

export interface RateSource {
  kind: RateSourceKind;
  /** One-thread throughput of the filter stage, MP/s. */
  serialMpPerSecond: number;
  /** Speedups measured by a benchmark of the same pipeline, used for the same configurations. */
  measured?: readonly MeasuredSpeedup[];
  /** The same for the whole job (scope 'job'). */
  jobMeasured?: readonly MeasuredSpeedup[];
  /** Where the rate came from, in words for the UI: "your benchmark of this pipeline at 10:42". */
  from: string;
}

export interface BenchmarkPlan {
  megapixels: number;
  images: number;
  workers: readonly number[];
  transports: readonly string[];
  /** Rounds in fixed mode (not used with a time budget). */
  repeat: number;
  cores: number;
  /** The scopes timed: 'filter', 'job' or both (the engine's default). */
  scope?: 'filter' | 'job' | 'both';
  /** Untimed passes before the timed ones (the engine's default: 1). */
  warmup?: number;
  /** Adaptive mode: the run stops when its intervals are narrow or this much time is spent. */
  timeBudgetSeconds?: number | null;
  /** sharp's reference run and, in the whole job, its script (a lone gaussian-blur or sobel). */
  reference?: boolean;
}

export interface BenchmarkEstimate {
  seconds: number;
  /** 'at most' when a time budget caps the run. */
  bound: 'about' | 'at most';
}

/** Adaptive mode runs at least this many rounds (engine/benchmark/index.ts MIN_ADAPTIVE_ROUNDS). */
const MIN_ADAPTIVE_ROUNDS = 3;

/** The speedup to assume for a configuration nobody has measured: below ideal, and none past the cores. */
export function modelledSpeedup(workers: number, transport: string, cores: number): number {
  const effective = Math.min(workers, Math.max(1, cores));
  let speedup = workers === 1 ? 0.95 : effective * 0.8;
  if (transport !== 'shared') speedup *= workers === 1 ? 0.9 : 0.7;
  if (workers > cores) speedup *= 0.9;
  return speedup;
}

/** The milliseconds of the run with a given number of rounds. */
function plannedMs(plan: BenchmarkPlan, source: RateSource, rounds: number): number {
  const warmup = plan.warmup ?? 1;
  const overheadMs = RUN_OVERHEAD_MS_PER_IMAGE * plan.images;
  const filterMs = (plan.megapixels / Math.max(source.serialMpPerSecond, 0.01)) * 1000;
  const codecMs = plan.megapixels * DECODE_ENCODE_MS_PER_MP;
  const scope = plan.scope ?? 'both';
  const scopes = scope === 'both' ? (['filter', 'job'] as const) : [scope];
  // Decoding every image once, and encoding the filter scope's results once.
  let ms = codecMs;
  for (const s of scopes) {
    // The whole job's one-thread run decodes and encodes too; its pool is assumed to speed up only the
    // filter stage (decode and encode are what Amdahl's law is about) unless a benchmark measured it.
    const serialMs = filterMs + overheadMs + (s === 'job' ? codecMs : 0);
    const measured = s === 'job' ? source.jobMeasured : source.measured;
    const schedules = s === 'job' ? ['strips', 'images'] : ['strips'];
    const configs: number[] = [];
    for (const workers of new Set(plan.workers)) {
      ms += POOL_START_MS;
      for (const transport of new Set(plan.transports)) {
        for (const schedule of schedules) {
          const known = measured?.find(
            (m) =>
              m.workers === workers &&
              m.transport === transport &&
              (m.schedule == null || m.schedule === schedule),
          )?.speedup;
          const poolMs =
            known !== undefined
              ? serialMs / Math.max(0.2, known)
              : filterMs / Math.max(0.2, modelledSpeedup(workers, transport, plan.cores)) +
                overheadMs +
                (s === 'job' ? codecMs : 0);
          configs.push(poolMs + GC_MS);
        }
      }
      // The sharp script at this worker count: sharp on every core, about as fast as the kernels.
      if (s === 'job' && plan.reference) configs.push((filterMs + codecMs) / Math.max(1, plan.cores));
    }
    // Warm-up: the serial run once, each contender once, per pass.
    ms += warmup * (serialMs + configs.reduce((a, b) => a + b, 0));
    // Each round, per contender: a serial and a contender run side by side, each after an untimed primer.
    ms += rounds * configs.reduce((sum, poolMs) => sum + 2 * (serialMs + GC_MS) + 2 * poolMs, 0);
  }
  // sharp's blur or convolve: about as fast as the kernels' serial run, once per pass.
  if (plan.reference && scopes.includes('filter')) ms += (warmup + rounds) * filterMs;
  return ms;
}

export function estimateBenchmark(plan: BenchmarkPlan, source: RateSource): BenchmarkEstimate {
  const budget = plan.timeBudgetSeconds ?? null;
  if (budget === null || !(budget > 0)) {
    return { seconds: plannedMs(plan, source, plan.repeat) / 1000, bound: 'about' };
  }
  // Adaptive: at least a few rounds, then until the intervals are narrow or the budget is spent.
  const least = plannedMs(plan, source, MIN_ADAPTIVE_ROUNDS) / 1000;
  return least >= budget ? { seconds: least, bound: 'about' } : { seconds: budget, bound: 'at most' };
}

/** A duration as a person would say it before the fact: "about 40 s", "about 3 min". */
export function roundEstimate(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 10) return `${Math.max(1, Math.ceil(seconds))} s`;
  if (seconds < 60) return `${Math.round(seconds / 5) * 5} s`;
  if (seconds < 600) {
    const rounded = Math.round(seconds / 10) * 10;
    const m = Math.floor(rounded / 60);
    const s = rounded % 60;
    return s === 0 ? `${m} min` : `${m} min ${s} s`;
  }
  return `${Math.round(seconds / 60)} min`;
}

export interface ProgressPoint {
  /** When the event arrived, ms (same clock as the start). */
  atMs: number;
  done: number;
  total: number;
}

export interface Eta {
  seconds: number;
  /** 'progress': from the rate of the steps done so far; 'estimate': the pre-run estimate, counted down. */
  from: 'progress' | 'estimate';
}

/**
 * Time left: the steps done so far, at their rate, once there are at least two and half a second of
 * them; before that the pre-run estimate minus the time spent (null once it has run out).
 */
export function eta(
  startedAtMs: number,
  last: ProgressPoint | null,
  nowMs: number,
  estimateSeconds?: number,
): Eta | null {
  if (last && last.total > 0 && last.done >= last.total) return { seconds: 0, from: 'progress' };
  const spentMs = last ? last.atMs - startedAtMs : 0;
  if (last && last.done >= 2 && spentMs >= 500) {
    const msPerStep = spentMs / last.done;
    const leftMs = (last.total - last.done) * msPerStep - Math.max(0, nowMs - last.atMs);
    return { seconds: Math.max(0, leftMs / 1000), from: 'progress' };
  }
  if (estimateSeconds === undefined) return null;
  const left = estimateSeconds - (nowMs - startedAtMs) / 1000;
  return left > 0 ? { seconds: left, from: 'estimate' } : null;
}

/** The time left in words: "about 25 s left", "(from the estimate)" until the progress has a rate. */
export function describeEta(left: Eta | null): string {
  if (!left) return '';
  if (left.seconds < 1) return 'finishing';
  const text = `about ${roundEstimate(left.seconds)} left`;
  return left.from === 'progress' ? text : `${text} (from the estimate)`;
}
