/**
 * `pixelpool lab processes [images…]`: threads against processes on the same pipeline and photos
 * (engine/lab/processes.ts).
 */

import { checkFiltersOnly } from '../../engine/edit/plan';
import { type KindResult, type ProcessesReport, runProcesses } from '../../engine/lab/processes';
import { loadPipeline } from '../../engine/pipeline-spec';
import { labWarnings, processesFindings, processesIntro } from '../../shared/lab';
import { labImages } from './lab-inputs';

export interface ProcessesCommandOptions {
  workers?: number;
  filters: string;
  runs?: number;
  json?: boolean;
}

function row(r: KindResult): string {
  const rss = r.rssMbPerWorker === null ? '     -' : r.rssMbPerWorker.toFixed(1).padStart(6);
  return `${r.kind.padEnd(10)}  ${r.startMs.toFixed(1).padStart(8)}  ${rss}  ${r.roundTripMs.toFixed(1).padStart(13)}  ${r.oneWorkerMs.toFixed(1).padStart(9)}  ${r.allWorkersMs.toFixed(1).padStart(9)}  ${r.speedup.toFixed(2).padStart(6)}x`;
}

function formatProcesses(report: ProcessesReport): string {
  const { threads, processes } = report;
  const counts = threads.points.map((p) => p.workers);
  const speedups = (r: KindResult) =>
    `${r.kind.padEnd(10)}  ${r.points.map((p) => `${p.speedup.toFixed(2)}x`.padStart(7)).join('  ')}`;
  // The sentences are the app's Lab panel's too (shared/lab/processes.ts): one wording of the result.
  const lines = [
    processesIntro(report),
    '',
    `kind        start ms  MB/wkr  round trip ms  1 wkr ms  ${String(report.workers).padStart(2)} wkr ms  speedup`,
    '----------  --------  ------  -------------  --------  --------  -------',
    row(threads),
    row(processes),
  ];
  if (counts.length > 2) {
    lines.push(
      '',
      `speedup at  ${counts.map((n) => `${n} wkr`.padStart(7)).join('  ')}`,
      `----------  ${counts.map(() => '-------').join('  ')}`,
      speedups(threads),
      speedups(processes),
    );
  }
  lines.push('', processesFindings(report).join(' '));
  for (const warning of labWarnings(report)) lines.push('', warning);
  return `${lines.join('\n')}\n`;
}

/** `pixelpool lab processes [images…]`: returns the exit code. */
export async function processesCommand(inputs: string[], opts: ProcessesCommandOptions): Promise<number> {
  const { steps } = await loadPipeline(opts.filters);
  checkFiltersOnly(steps, 'the Lab');
  const images = await labImages(inputs);
  const report = await runProcesses(images, steps, { workers: opts.workers, runs: opts.runs });
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatProcesses(report));
  return 0;
}
