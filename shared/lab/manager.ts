/**
 * The manager experiment's words and shapes (shared/lab/index.ts has the lab's list): state behind a
 * proxy against state in shared memory, the request the app sends, the report it gets back
 * (engine/lab/manager.ts declares its report as these types) and the sentences that tie a result to the
 * idea. Pure: no engine code.
 */
import type { LabRequestBase, LabResultBase } from './common';
import type { LabMachine } from './machine';

/** How workers reach the counter, in the order the engine runs them. */
export const MANAGER_MODES = ['message', 'shared'] as const;
export type ManagerMode = (typeof MANAGER_MODES)[number];

/** Updates each worker reports when none is given (the CLI's and the app's), and the most the app asks. */
export const MANAGER_DEFAULT_UPDATES = 100_000;
export const MANAGER_MAX_UPDATES = 1_000_000;

export const MANAGER_MODE_INFO = {
  message: {
    title: 'By message',
    how: 'every update a message to the manager on the main thread, which owns the counter',
    python: 'multiprocessing.Manager().Value',
  },
  shared: {
    title: 'Shared memory',
    how: 'Atomics.add on one Int32Array every worker sees',
    python: 'multiprocessing.Value',
  },
} as const satisfies Record<ManagerMode, { title: string; how: string; python: string }>;

/** One mode's run (engine/lab/manager.ts ManagerResult). */
export interface LabManagerRun {
  mode: ManagerMode;
  /** What the main thread counted (it must equal the updates sent). */
  counted: number;
  /** From the start to the main thread knowing the final count, ms. */
  ms: number;
  /** ms / updates, in microseconds. */
  microsecondsPerUpdate: number;
}

/** The manager experiment's report (engine/lab/manager.ts ManagerReport). */
export interface LabManagerReport {
  workers: number;
  updatesPerWorker: number;
  updates: number;
  results: LabManagerRun[];
  machine: LabMachine;
}

/** How many times an update by message cost one in shared memory; null without both. */
export function messageOverShared(report: LabManagerReport): number | null {
  const message = report.results.find((r) => r.mode === 'message');
  const shared = report.results.find((r) => r.mode === 'shared');
  return message && shared && shared.ms > 0 ? message.ms / shared.ms : null;
}

/** Whether every mode counted every update sent. */
export function everyUpdateCounted(report: LabManagerReport): boolean {
  return report.results.every((r) => r.counted === report.updates);
}

/** What the experiment did, in one sentence: the head of its result. */
export function managerIntro(report: LabManagerReport): string {
  return `Manager: ${report.workers} worker${report.workers === 1 ? '' : 's'} each report ${report.updatesPerWorker} progress updates into one job's counter (${report.updates} in all).`;
}

/** What it shows: each mode and its Python API, the ratio, and when a manager is worth it. */
export function managerFindings(report: LabManagerReport): string[] {
  const ratio = messageOverShared(report);
  const counted = everyUpdateCounted(report)
    ? ''
    : ' Not every update was counted: the counts above say which mode lost some.';
  return [
    `message: each update is a message to the manager on the main thread, which owns the counter (Python's ${MANAGER_MODE_INFO.message.python}: a proxy whose every change is a message to the manager process). shared: Atomics.add on one Int32Array in shared memory (Python's ${MANAGER_MODE_INFO.shared.python}).${ratio === null ? '' : ` By message each update cost ${ratio.toFixed(1)}x what it cost in shared memory.`}${counted}`,
    'A manager is worth its cost for state that is large, structured or changed rarely, such as a job record the app shows; a counter bumped per strip belongs in shared memory.',
  ];
}

/** startLab's request for the experiment: no photos, `workers` threads, `updates` each. */
export interface LabManagerRequest extends LabRequestBase {
  experiment: 'manager';
  /** Worker threads that report (1..maxWorkers). */
  workers: number;
  /** Updates each worker reports (1..MANAGER_MAX_UPDATES). */
  updates: number;
}

/** The experiment's result: the engine's report and the machine it ran on. */
export interface LabManagerResult extends LabManagerReport, LabResultBase {
  experiment: 'manager';
}
