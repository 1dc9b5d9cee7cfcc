/**
 * The processes experiment's words and shapes (shared/lab/index.ts has the lab's list): threads against
 * processes on the same pipeline and photos, the request the app sends, the report it gets back
 * (engine/lab/processes.ts declares its report as these types) and the sentences that tie a result to
 * the idea. Pure: no engine code.
 */
import type { PipelineStep } from '../../workers/filters/types';
import type { PoolKind } from '../pools';
import { type LabRequestBase, type LabResultBase, photoCount } from './common';
import type { LabMachine, LabNoise } from './machine';

/** The pipeline when none is given, the CLI's and the app's: a blur, as photos get. */
export const PROCESSES_DEFAULT_STEPS: readonly PipelineStep[] = [
  { id: 'gaussian-blur', params: { sigma: 3 } },
];

/** The largest pool of each kind the app may ask for: every process holds its own tens of MB. */
export const PROCESSES_MAX_WORKERS = 16;

/** A pipeline as the CLI writes it ("gaussian-blur:sigma=3,sobel"): how the report names its pipeline. */
export function pipelineSpecOf(steps: readonly PipelineStep[]): string {
  return steps
    .filter((step) => step.enabled !== false)
    .map((step) => {
      const params = Object.entries(step.params ?? {}).map(([name, value]) => `${name}=${value}`);
      return params.length > 0 ? `${step.id}:${params.join(':')}` : step.id;
    })
    .join(',');
}

export interface ProcessesKindInfo {
  title: string;
  /** What a worker of this kind is, and how a photo reaches it. */
  how: string;
  /** The Python API it mirrors. */
  python: string;
}

export const PROCESSES_KIND_INFO = {
  threads: {
    title: 'Threads',
    how: 'worker threads of this process; a photo goes as a structured clone',
    python: 'threading.Thread',
  },
  processes: {
    title: 'Processes',
    how: 'child processes, each its own memory; a photo goes as a message through a pipe',
    python: 'multiprocessing.Process',
  },
} as const satisfies Record<PoolKind, ProcessesKindInfo>;

/** The pipeline on a pool of `workers` of one kind (engine/lab/processes.ts). */
export interface LabProcessesPoint {
  workers: number;
  /** Median time of the pipeline over every photo, ms. */
  ms: number;
  runsMs: number[];
  /** The 1-worker pool's median time over this one's. */
  speedup: number;
}

/** One kind's figures (engine/lab/processes.ts KindResult). */
export interface LabProcessesKind {
  kind: PoolKind;
  /** Median time to start a pool of `workers` and have every worker ready, ms. */
  startMs: number;
  startRunsMs: number[];
  /** Resident memory each idle worker adds, MB; null where it cannot be read (not Linux). */
  rssMbPerWorker: number | null;
  /** Median time to send the largest photo to one worker and get it back unchanged, ms. */
  roundTripMs: number;
  roundTripRunsMs: number[];
  /** Median time of the pipeline over every photo with one worker and with `workers`, ms. */
  oneWorkerMs: number;
  allWorkersMs: number;
  /** oneWorkerMs / allWorkersMs: the speedup at the largest pool. */
  speedup: number;
  /** The pipeline at every worker count measured, 1 to `workers` (workerCountsUpTo). */
  points: LabProcessesPoint[];
}

/** The processes experiment's report (engine/lab/processes.ts ProcessesReport). */
export interface LabProcessesReport {
  /** The pipeline, as the CLI writes it. */
  filters: string;
  workers: number;
  images: number;
  megapixels: number;
  runs: number;
  threads: LabProcessesKind;
  processes: LabProcessesKind;
  machine: LabMachine;
  noise: LabNoise;
}

/** The worker counts measured up to `workers`: every one up to 8, then doubling (and `workers` itself). */
export function workerCountsUpTo(workers: number): number[] {
  const counts: number[] = [];
  for (let n = 1; n <= workers; n = n < 8 ? n + 1 : n * 2) counts.push(n);
  if (counts.at(-1) !== workers) counts.push(workers);
  return counts;
}

/** "1, 2 and 4". */
const listed = (items: readonly string[]) =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const times = (a: number, b: number) => (b > 0 ? `${(a / b).toFixed(1)}x` : 'n/a');

/** What the experiment did, in one sentence: the head of its result. */
export function processesIntro(report: LabProcessesReport | LabProcessesResult): string {
  const counts = listed(report.threads.points.map((p) => String(p.workers)));
  return `Processes: ${plural(photoCount(report.images), 'photo')} (${report.megapixels.toFixed(1)} MP), ${report.filters}, pools of ${counts} workers of each kind; medians of ${plural(report.runs, 'run')}.`;
}

/** The findings, one sentence each: start-up, memory, the round trip, the speedup, and what it means. */
export function processesFindings(report: LabProcessesReport | LabProcessesResult): string[] {
  const { threads, processes } = report;
  const findings = [
    `A process took ${times(processes.startMs, threads.startMs)} a thread's time to start and a photo's round trip cost ${times(processes.roundTripMs, threads.roundTripMs)} as much: a thread gets its pixels as a structured clone (or reads them in shared memory, with no copy at all), a process only as a message serialised through a pipe.`,
  ];
  // A process cannot start or carry a photo faster than a thread; a figure that says so measured the machine.
  const against = [
    processes.startMs <= threads.startMs ? 'start-up' : null,
    processes.roundTripMs <= threads.roundTripMs ? 'round trip' : null,
  ].filter((f) => f !== null);
  if (against.length > 0) {
    findings.push(
      `Here the process's ${against.join(' and ')} came out no slower than the thread's, against what a pipe and a whole runtime cost: other work on the machine moved these runs more than the difference. Run it again, with more runs, on a quieter machine.`,
    );
  }
  if (threads.rssMbPerWorker !== null && processes.rssMbPerWorker !== null) {
    findings.push(
      `Each idle process held ${processes.rssMbPerWorker.toFixed(1)} MB of its own, a thread added ${threads.rssMbPerWorker.toFixed(1)} MB to this one: a process carries a whole Node runtime.`,
    );
  }
  findings.push(
    `On ${plural(report.workers, 'worker')} the pipeline ran ${threads.speedup.toFixed(2)}x faster than on one with threads and ${processes.speedup.toFixed(2)}x with processes, each kind against one worker of its own kind.`,
    `That is the price of Python's ${PROCESSES_KIND_INFO.processes.python} over ${PROCESSES_KIND_INFO.threads.python}; in Node threads run on every core too, so here they win whenever the data is large.`,
  );
  return findings;
}

/** startLab's request for the experiment: the photos (imageIds), a pipeline, the largest pool, runs. */
export interface LabProcessesRequest extends LabRequestBase {
  experiment: 'processes';
  /** The pipeline (PROCESSES_DEFAULT_STEPS unless the user picked another). */
  steps: PipelineStep[];
  /** Workers of each kind in the largest pool (1..PROCESSES_MAX_WORKERS). */
  workers: number;
  /** Timed runs of each figure (1..maxRepeat). */
  runs: number;
}

/** The experiment's result: the engine's report and what it ran on (the photos named, not counted). */
export interface LabProcessesResult extends Omit<LabProcessesReport, 'images'>, LabResultBase {
  experiment: 'processes';
}
