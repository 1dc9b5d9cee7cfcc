/**
 * `pixelpool lab cores [images…]`: oversubscription, on the user's photos (engine/lab/cores.ts).
 */

import { checkFiltersOnly } from '../../engine/edit/plan';
import { type CoresReport, runCores } from '../../engine/lab/cores';
import { loadPipeline } from '../../engine/pipeline-spec';
import { coresFindings, coresIntro, labWarnings, stopWords } from '../../shared/lab';
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
      `${String(p.workers).padStart(7)}  ${p.ms.toFixed(1).padStart(9)}  ${p.megapixelsPerSecond.toFixed(1).padStart(6)}  ${p.speedup.toFixed(2).padStart(6)}x${p.workers === report.cores ? '  = cores' : ''}${p.workers === report.stopsHelpingAt ? `  ${stopWords(report)}` : ''}`,
  );
  // The sentences are the app's Lab panel's too (shared/lab/cores.ts): one wording of the result.
  const lines = [
    ...coresIntro(report),
    '',
    'workers  median ms    MP/s  speedup',
    '-------  ---------  ------  -------',
    ...rows,
    '',
    coresFindings(report).join(' '),
  ];
  for (const warning of labWarnings(report)) lines.push('', warning);
  return `${lines.join('\n')}\n`;
}

/** `pixelpool lab cores`: returns the exit code. */
export async function coresCommand(inputs: string[], opts: CoresCommandOptions): Promise<number> {
  const { steps } = await loadPipeline(opts.filters);
  checkFiltersOnly(steps, 'the Lab');
  const images = await labImages(inputs);
  const report = await runCores(images, steps, { maxWorkers: opts.maxWorkers, runs: opts.runs });
  process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatCores(report));
  return 0;
}
