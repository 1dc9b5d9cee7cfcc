/**
 * The race experiment's words and shapes (shared/lab/index.ts has the lab's list): its variants, the
 * Python API each mirrors, the request the app sends and the report it gets back, and the sentences
 * that tie a result to the idea. Pure: engine/lab/race.ts declares its report as these types.
 */
import type { LabRequestBase, LabResultBase } from './common';
import type { LabMachine, LabNoise } from './machine';

/** The race's variants, in the engine's order (workers/lab/histogram.ts RACE_VARIANTS). */
export const RACE_VARIANT_NAMES = ['unsynchronised', 'atomic', 'lock', 'private'] as const;
export type RaceVariantName = (typeof RACE_VARIANT_NAMES)[number];

export interface RaceVariantInfo {
  /** How the app titles the variant (the CLI prints its name). */
  title: string;
  /** What one count is, in a few words. */
  how: string;
  /** The Python multiprocessing API the variant mirrors. */
  python: string;
}

export const RACE_VARIANT_INFO = {
  unsynchronised: {
    title: 'Unsynchronised',
    how: 'bins[v]++ on the shared array: a load, an add and a store',
    python: 'multiprocessing.Array(lock=False)',
  },
  atomic: {
    title: 'Atomics.add',
    how: 'Atomics.add(bins, v, 1): one indivisible read-modify-write',
    python: "a Value's lock held for one increment (with v.get_lock(): v.value += 1), in hardware",
  },
  lock: {
    title: 'Lock',
    how: 'a mutex on Atomics.wait/notify around every pixel',
    python: 'with arr.get_lock():',
  },
  private: {
    title: 'Private counts',
    how: 'bins of its own per thread, added to the shared ones once, at the end',
    python: 'private counts merged by the parent (as the results of Pool.map, summed)',
  },
} as const satisfies Record<RaceVariantName, RaceVariantInfo>;

/** One run of one variant (engine/lab/race.ts RaceRun). */
export interface LabRaceRun {
  /** Counts in the shared histogram after every thread is done. */
  total: number;
  /** expected - total: increments lost to the race. */
  lost: number;
  /** Wall time from the start line to the last thread done, ms. */
  ms: number;
  /** Each thread's own counting time, ms. */
  threadMs: number[];
  /** Whether every bin equals the one-thread count. */
  exact: boolean;
}

/** One variant's runs (engine/lab/race.ts RaceVariantResult). */
export interface LabRaceVariant {
  name: RaceVariantName;
  /** The total and the loss of the run whose time is the median. */
  total: number;
  lost: number;
  /** Median wall time of the runs, ms. */
  ms: number;
  /** Whether every run got every bin right. */
  exact: boolean;
  runs: LabRaceRun[];
}

/** The race's report (engine/lab/race.ts RaceReport). */
export interface LabRaceReport {
  width: number;
  height: number;
  pixels: number;
  /** The exact histogram total: pixels x 3 (R, G and B). */
  expected: number;
  workers: number;
  /** Timed runs of each variant. */
  runs: number;
  variants: LabRaceVariant[];
  /** The machine around the timed runs, as the benchmark judges it (the counts lost do not depend on it). */
  machine: LabMachine;
  /** The variants whose times varied more than the benchmark calls noisy. */
  noise: LabNoise;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the race did, in two sentences, and the exact total: the head of its result. */
export function raceIntro(report: LabRaceReport): string[] {
  return [
    `Race: ${plural(report.workers, 'worker thread')} count the R, G and B histogram of a ${report.width}x${report.height} photo into one shared Uint32Array, each over its own rows, all starting at once.`,
    `${plural(report.runs, 'run')} of each variant, taking turns, after a warm-up; times are the median run's wall time from the start line to the last thread done.`,
    `Exact total: ${report.expected} (${report.pixels} pixels x 3 channels).`,
  ];
}

/** How many runs of a variant lost counts. */
export function runsThatLost(variant: LabRaceVariant): number {
  return variant.runs.filter((run) => run.lost > 0).length;
}

/** One finding per variant the report has, tying its numbers to the idea and naming its Python API. */
export function raceFindings(report: LabRaceReport): { variant: RaceVariantName; text: string }[] {
  const by = new Map(report.variants.map((v) => [v.name, v]));
  const own = by.get('private');
  const times = (v: LabRaceVariant) =>
    own && v !== own && own.ms > 0 ? ` (${(v.ms / own.ms).toFixed(1)}x the time of private)` : '';
  const exact = (v: LabRaceVariant) => (v.exact ? 'exact' : 'NOT exact in every run');
  const finding: Record<RaceVariantName, (v: LabRaceVariant) => string> = {
    unsynchronised: (v) => {
      const lost = runsThatLost(v);
      return lost > 0
        ? `unsynchronised lost counts in ${lost} of ${v.runs.length} runs: bins[v]++ on shared memory is a load, an add and a store, and two threads that load a bin before either stores count once for two (Python: ${RACE_VARIANT_INFO.unsynchronised.python}).`
        : `unsynchronised lost nothing in ${plural(v.runs.length, 'run')}: the threads never collided (one core free, or luck). bins[v]++ on shared memory is still a load, an add and a store (Python: ${RACE_VARIANT_INFO.unsynchronised.python}).`;
    },
    atomic: (v) =>
      `atomic: Atomics.add makes each count one indivisible read-modify-write, ${exact(v)}${times(v)} (Python: ${RACE_VARIANT_INFO.atomic.python}).`,
    lock: (v) =>
      `lock: a mutex on Atomics.wait/notify around every pixel, as \`${RACE_VARIANT_INFO.lock.python}\` does, ${exact(v)}${times(v)}.`,
    private: (v) =>
      `private: each thread counts into bins of its own and adds them to the shared ones once, at the end: ${exact(v)}, and the advice of Python's docs, avoid shared state (Python: ${RACE_VARIANT_INFO.private.python}).`,
  };
  return report.variants.map((v) => ({ variant: v.name, text: finding[v.name](v) }));
}

/** startLab's request for the race: one photo (the first of imageIds), `workers` threads, `runs` rounds. */
export interface LabRaceRequest extends LabRequestBase {
  experiment: 'race';
  /** Worker threads that race (1..maxWorkers). */
  workers: number;
  /** Timed runs of each variant (1..maxRepeat). */
  runs: number;
}

/** The race's result: the engine's report and what it ran on. */
export interface LabRaceResult extends LabRaceReport, LabResultBase {
  experiment: 'race';
}
