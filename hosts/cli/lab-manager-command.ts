/**
 * `pixelpool lab manager`: job progress kept by a manager against a counter in shared memory
 * (engine/lab/manager.ts).
 */
import { availableParallelism } from 'node:os';
import { type ManagerReport, runManager } from '../../engine/lab/manager';
import { labWarnings, managerFindings, managerIntro } from '../../shared/lab';

export interface ManagerCommandOptions {
  workers?: number;
  updates: number;
  json?: boolean;
}

function formatManager(report: ManagerReport): string {
  const rows = report.results.map(
    (r) =>
      `${r.mode.padEnd(8)}  ${String(r.counted).padStart(9)}  ${r.ms.toFixed(1).padStart(9)}  ${r.microsecondsPerUpdate.toFixed(3).padStart(11)}`,
  );
  // The sentences are the app's Lab panel's too (shared/lab/manager.ts): one wording of the result.
  const lines = [
    managerIntro(report),
    '',
    'mode        counted    wall ms  µs / update',
    '--------  ---------  ---------  -----------',
    ...rows,
    '',
    ...managerFindings(report),
  ];
  for (const warning of labWarnings(report)) lines.push('', warning);
  return `${lines.join('\n')}\n`;
}

/** `pixelpool lab manager`: returns the exit code. */
export async function managerCommand(opts: ManagerCommandOptions): Promise<number> {
  const report = await runManager(opts.workers ?? availableParallelism(), opts.updates);
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatManager(report));
  return 0;
}
