/**
 * `pixelpool lab cores [images…]`: oversubscription, on the user's photos (engine/lab/cores.ts).
 */
import { type CoresReport, GAIN_THAT_COUNTS, runCores } from '../../engine/lab/cores';
import { loadPipeline } from '../../engine/pipeline-spec';
import { labImages } from './lab-inputs';

export interface CoresCommandOptions {
  filters: string;
  maxWorkers?: number;
  runs?: number;
  json?: boolean;
}

function formatCores(report: CoresReport): string {
  const rows = report.points.map(
    (p) =>
      `${String(p.workers).padStart(7)}  ${p.ms.toFixed(1).padStart(9)}  ${p.megapixelsPerSecond.toFixed(1).padStart(6)}  ${p.speedup.toFixed(2).padStart(6)}x${p.workers === report.cores ? '  = cores' : ''}`,
  );
  const gain = Math.round((GAIN_THAT_COUNTS - 1) * 100);
  return `${[
    `Cores: ${report.images} photos (${report.megapixels.toFixed(1)} MP) filtered by pools of 1 to ${report.points.length} workers on ${report.cores} cores;`,
    `the worker counts take turns, ${report.runs} timed runs each after a warm-up; median of the runs.`,
    '',
    'workers  median ms    MP/s  speedup',
    '-------  ---------  ------  -------',
    ...rows,
    '',
    `Adding workers stopped helping at ${report.stopsHelpingAt} (no larger pool was ${gain}% faster). Past the cores, more threads only take turns on them, and each costs its memory and start-up: Python's Pool(processes=os.cpu_count()) is the same advice.`,
  ].join('\n')}\n`;
}

/** `pixelpool lab cores`: returns the exit code. */
export async function coresCommand(inputs: string[], opts: CoresCommandOptions): Promise<number> {
  const { steps } = await loadPipeline(opts.filters);
  const images = await labImages(inputs);
  const report = await runCores(images, steps, { maxWorkers: opts.maxWorkers, runs: opts.runs });
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatCores(report));
  return 0;
}
