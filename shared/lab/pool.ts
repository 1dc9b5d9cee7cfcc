/**
 * The pool experiment's words and shapes (shared/lab/index.ts has the lab's list): the ways of
 * FilterPool's API, the Python call each mirrors, the report of engine/lab/pool-methods.ts, the error a
 * child's task threw as the parent received it, and the sentences that tie a result to the idea. Pure:
 * the engine declares its report as these types.
 */
import type { PipelineStep } from '../../workers/filters/types';
import type { LabRequestBase, LabResultBase } from './common';
import type { LabMachine } from './machine';

export const POOL_METHODS = ['apply', 'applyAsync', 'map', 'imap', 'imap_unordered'] as const;
export type PoolMethod = (typeof POOL_METHODS)[number];

/** The Python call each method mirrors, for the texts. */
export const PYTHON_NAMES: Record<PoolMethod, string> = {
  apply: 'Pool.apply',
  applyAsync: 'Pool.apply_async',
  map: 'Pool.map',
  imap: 'Pool.imap',
  imap_unordered: 'Pool.imap_unordered',
};

/** How each method hands results back, in a few words (the app's table). */
export const POOL_METHOD_HOW: Record<PoolMethod, string> = {
  apply: 'one photo at a time: waits for each result before submitting the next',
  applyAsync: 'submits all; a callback as each finishes',
  map: 'submits all; the whole list once the last is done',
  imap: 'submits all; each result in input order as it is ready',
  imap_unordered: 'submits all; each result as it finishes',
};

/** The pipeline `pixelpool lab pool` and the app's pool experiment run when none is given: a blur, as photos get. */
export const LAB_POOL_FILTERS = 'gaussian-blur:sigma=3';
/** LAB_POOL_FILTERS as steps (the app sends these). */
export const LAB_POOL_STEPS: PipelineStep[] = [{ id: 'gaussian-blur', params: { sigma: 3 } }];

/** One result reaching the caller. */
export interface PoolArrival {
  /** Position of the image in the input. */
  index: number;
  label: string;
  /** ms from the method's start to the moment the caller had the result. */
  ms: number;
}

export interface PoolMethodResult {
  name: PoolMethod;
  /** ms from the method's start to its last result, in the round shown (the median of totalMs). */
  totalMs: number;
  /** In the order the caller received them, in that round. */
  arrivals: PoolArrival[];
  /** totalMs of every round, in order: how much one round's figures can be trusted. */
  roundsMs: number[];
}

/**
 * A task that threw inside a worker thread, as the parent received it: through apply_async's error
 * callback, and again from get(), which re-raises it (Python's AsyncResult.get()).
 */
export interface PoolChildError {
  /** What the task was, in words. */
  task: string;
  name: string;
  message: string;
  /** The error's stack as the parent holds it: the worker's frames, carried back by threads.js. */
  stack: string;
  /** The frames of that stack in the worker's own file (workers/filter.worker.js). */
  workerFrames: string[];
  /** The error callback was called with the error. */
  callbackGotIt: boolean;
  /** get() rejected with that same error. */
  getReraised: boolean;
}

export interface PoolMethodsReport {
  workers: number;
  /** Rounds, each every method once, the methods taking turns. */
  rounds: number;
  /** The photos, as the report names them (the result's `images` are the app's names for them). */
  photos: { label: string; width: number; height: number }[];
  megapixels: number;
  methods: PoolMethodResult[];
  /** The failing task, run after the methods (untimed); absent when left out. */
  childError?: PoolChildError;
  machine: LabMachine;
}

/** Steps as a filter spec ("gaussian-blur:sigma=3,sobel"), the words the CLI takes; disabled steps left out. */
export function stepsSpec(steps: readonly PipelineStep[]): string {
  const on = steps.filter((step) => step.enabled !== false);
  if (on.length === 0) return 'no filter';
  return on
    .map((step) => [step.id, ...Object.entries(step.params ?? {}).map(([k, v]) => `${k}=${v}`)].join(':'))
    .join(',');
}

const ms = (n: number) => `${Math.round(n)} ms`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** When a method's first result reached the caller, ms. */
export function firstArrival(method: PoolMethodResult): number {
  return Math.min(...method.arrivals.map((a) => a.ms));
}

/** The photos' sizes in a few words: "all 640x427" or each size. */
export function poolSizesText(report: Pick<PoolMethodsReport, 'photos'>): string {
  const sizes = [...new Set(report.photos.map((i) => `${i.width}x${i.height}`))];
  return sizes.length === 1 ? `all ${sizes[0]}` : sizes.join(', ');
}

/** What the experiment did, in two sentences: the head of its result. */
export function poolIntro(report: PoolMethodsReport, filters: string): string[] {
  return [
    `Pool methods: ${plural(report.photos.length, 'photo')} (${poolSizesText(report)}, ${report.megapixels.toFixed(1)} MP in all), ${filters}, on one pool of ${report.workers} workers, warmed up once; the photos decoded before anything is timed.`,
    `${plural(report.rounds, 'round')}, every method once a round, taking turns; each method shows its median round: when each result reached the caller, ms from the method's start.`,
  ];
}

function orderText(method: PoolMethodResult): string {
  return method.arrivals.map((a) => a.index + 1).join(',');
}

/** One finding per comparison the report allows, each naming the Python calls. */
export function poolFindings(report: PoolMethodsReport): { key: string; text: string }[] {
  const by = new Map(report.methods.map((m) => [m.name, m]));
  const apply = by.get('apply');
  const applyAsync = by.get('applyAsync');
  const map = by.get('map');
  const imap = by.get('imap');
  const unordered = by.get('imap_unordered');
  const findings: { key: string; text: string }[] = [];
  if (imap && map) {
    // "About as long" only where it is so: a busy machine can stretch one method's round.
    const slower = Math.max(map.totalMs, imap.totalMs) / Math.max(Math.min(map.totalMs, imap.totalMs), 1e-9);
    const totals =
      slower <= 1.2
        ? `both took about as long in all (${ms(map.totalMs)} and ${ms(imap.totalMs)})`
        : `in all map took ${ms(map.totalMs)} and imap ${ms(imap.totalMs)}, ${slower.toFixed(1)}x apart: the same work, so the machine moved in between (see the rounds' range)`;
    findings.push({
      key: 'imap',
      text: `imap delivered its first result at ${ms(firstArrival(imap))}, map at ${ms(firstArrival(map))}: ${PYTHON_NAMES.map} returns the whole list once every image is done, ${PYTHON_NAMES.imap} yields each result, in input order, as soon as it and those before it are done; ${totals}.`,
    });
  }
  if (apply && applyAsync) {
    const blocked = apply.totalMs > 1.1 * applyAsync.totalMs;
    findings.push({
      key: 'apply',
      text: blocked
        ? `apply took ${ms(apply.totalMs)}, applyAsync ${ms(applyAsync.totalMs)}: ${PYTHON_NAMES.apply} blocks until its one result is back, so each photo is submitted only when the one before is done and the workers wait in between; ${PYTHON_NAMES.applyAsync} submits them all at once and its callback runs as each finishes (first at ${ms(firstArrival(applyAsync))}).`
        : `apply took ${ms(apply.totalMs)}, applyAsync ${ms(applyAsync.totalMs)}: ${PYTHON_NAMES.apply} blocks until its one result is back, yet one photo at a time cost little here, as this pool cuts each photo into strips for every worker; in Python a task is one call on one worker, so apply keeps one worker busy and ${PYTHON_NAMES.applyAsync}, submitting all at once with a callback as each finishes (first here at ${ms(firstArrival(applyAsync))}), keeps them all busy.`,
    });
  }
  if (unordered && imap) {
    const same = orderText(unordered) === orderText(imap);
    findings.push({
      key: 'unordered',
      text: same
        ? `imap_unordered delivered in the same order as imap (${orderText(unordered)}): this pool cuts every photo into strips and takes them first in, first out, so photos finish in the order they were submitted; ${PYTHON_NAMES.imap_unordered} gains over imap when an early task is slow and later ones are not.`
        : `imap_unordered delivered in the order the photos finished (${orderText(unordered)}), imap held them back to input order (${orderText(imap)}): ${PYTHON_NAMES.imap_unordered} yields whatever is done first.`,
    });
  }
  if (report.childError) findings.push({ key: 'error', text: childErrorFinding(report.childError) });
  return findings;
}

/** What the failing task showed: the parent got the worker's error, with the worker's own frames. */
export function childErrorFinding(error: PoolChildError): string {
  const how = [
    error.callbackGotIt ? 'the error callback was called with it' : 'the error callback was NOT called',
    error.getReraised ? 'get() re-raised it' : 'get() did NOT re-raise it',
  ].join(' and ');
  const frames =
    error.workerFrames.length > 0
      ? `its stack still holds ${plural(error.workerFrames.length, 'frame')} from the worker's file, where it was thrown`
      : "its stack holds no frame from the worker's file: the worker's side was lost on the way";
  return `A task that throws in a worker thread (${error.task}) reached the parent as ${error.name}: ${error.message}; ${how}, as Pool.apply_async(..., error_callback=...) and AsyncResult.get() do; ${frames} (Python prints the child's traceback in the parent's RemoteTraceback the same way).`;
}

/** startLab's request for the pool experiment: the photos (imageIds), the pipeline, the pool, the rounds. */
export interface LabPoolRequest extends LabRequestBase {
  experiment: 'pool';
  /** The pipeline every method runs (LAB_POOL_STEPS by default). */
  steps: PipelineStep[];
  /** The pool's worker threads (1..maxWorkers). */
  workers: number;
  /** Rounds of every method, taking turns (1..maxRepeat). */
  rounds: number;
}

/** The pool experiment's result: the engine's report, the pipeline as a spec, and what it ran on. */
export interface LabPoolResult extends PoolMethodsReport, LabResultBase {
  experiment: 'pool';
  /** The pipeline that ran, as a filter spec ("gaussian-blur:sigma=3"). */
  filters: string;
}
