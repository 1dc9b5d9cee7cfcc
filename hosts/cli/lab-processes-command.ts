/**
 * `pixelpool lab processes [images…]`: threads against processes on the same pipeline and photos
 * (engine/lab/processes.ts).
 */
import { type KindResult, type ProcessesReport, runProcesses } from '../../engine/lab/processes';
import { loadPipeline } from '../../engine/pipeline-spec';
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

function formatProcesses(report: ProcessesReport, filters: string): string {
  const { threads, processes } = report;
  const times = (a: number, b: number) => `${(a / b).toFixed(1)}x`;
  return `${[
    `Processes: ${report.images} photos (${report.megapixels.toFixed(1)} MP), ${filters}, pools of 1 and ${report.workers} workers of each kind; medians of ${report.runs} runs.`,
    '',
    `kind        start ms  MB/wkr  round trip ms  1 wkr ms  ${String(report.workers).padStart(2)} wkr ms  speedup`,
    '----------  --------  ------  -------------  --------  --------  -------',
    row(threads),
    row(processes),
    '',
    `A process took ${times(processes.startMs, threads.startMs)} a thread's time to start and a photo's round trip cost ${times(processes.roundTripMs, threads.roundTripMs)} as much: a thread gets its pixels as a structured clone (or reads them in shared memory, with no copy at all), a process only as a message serialised through a pipe. That is the price of Python's multiprocessing.Process over threading.Thread; in Node threads run on every core too, so here they win whenever the data is large.`,
  ].join('\n')}\n`;
}

/** `pixelpool lab processes [images…]`: returns the exit code. */
export async function processesCommand(inputs: string[], opts: ProcessesCommandOptions): Promise<number> {
  const { steps } = await loadPipeline(opts.filters);
  const images = await labImages(inputs);
  const report = await runProcesses(images, steps, { workers: opts.workers, runs: opts.runs });
  process.stdout.write(
    opts.json
      ? `${JSON.stringify({ filters: opts.filters, ...report }, null, 2)}\n`
      : formatProcesses(report, opts.filters),
  );
  return 0;
}
