/**
 * `pixelpool lab manager`: job progress kept by a manager against a counter in shared memory
 * (engine/lab/manager.ts).
 */
import { availableParallelism } from 'node:os';
import { type ManagerReport, runManager } from '../../engine/lab/manager';

export interface ManagerCommandOptions {
  workers?: number;
  updates: number;
  json?: boolean;
}

function formatManager(report: ManagerReport): string {
  const by = Object.fromEntries(report.results.map((r) => [r.mode, r]));
  const rows = report.results.map(
    (r) =>
      `${r.mode.padEnd(8)}  ${String(r.counted).padStart(9)}  ${r.ms.toFixed(1).padStart(9)}  ${r.microsecondsPerUpdate.toFixed(3).padStart(11)}`,
  );
  const ratio = by.message && by.shared ? by.message.ms / by.shared.ms : undefined;
  return `${[
    `Manager: ${report.workers} workers each report ${report.updatesPerWorker} progress updates into one job's counter (${report.updates} in all).`,
    '',
    'mode        counted    wall ms  µs / update',
    '--------  ---------  ---------  -----------',
    ...rows,
    '',
    `message: each update is a message to the manager on the main thread, which owns the counter (Python's multiprocessing.Manager().Value: a proxy whose every change is a message to the manager process). shared: Atomics.add on one Int32Array in shared memory (Python's multiprocessing.Value).${ratio === undefined ? '' : ` By message each update cost ${ratio.toFixed(1)}x what it cost in shared memory.`}`,
    'A manager is worth its cost for state that is large, structured or changed rarely, such as a job record the app shows; a counter bumped per strip belongs in shared memory.',
  ].join('\n')}\n`;
}

/** `pixelpool lab manager`: returns the exit code. */
export async function managerCommand(opts: ManagerCommandOptions): Promise<number> {
  const report = await runManager(opts.workers ?? availableParallelism(), opts.updates);
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatManager(report));
  return 0;
}
