/**
 * `pixelpool lab <experiment>`: the multiprocessing lab on the command line, one experiment per idea,
 * on the user's own photo. Each prints its measured numbers and a few sentences that tie them to the
 * idea and the Python API it mirrors, or with --json one object.
 */
import { availableParallelism } from 'node:os';
import { checkFiltersOnly } from '../../engine/edit/plan';
import { decodeImage } from '../../engine/images/index';
import { runPoolMethods } from '../../engine/lab/pool-methods';
import { runQueueExperiment } from '../../engine/lab/queue';
import { type RaceReport, runRace } from '../../engine/lab/race';
import { loadPipeline } from '../../engine/pipeline-spec';
import { labWarnings, raceFindings, raceIntro } from '../../shared/lab';
import { labImages, labInputs } from './lab-inputs';
import { formatPoolMethods } from './lab-pool-text';
import { formatQueue } from './lab-queue-text';

export interface RaceCommandOptions {
  workers?: number;
  runs?: number;
  json?: boolean;
}

function formatRace(report: RaceReport): string {
  const rows = report.variants.map((v) => {
    const lost = v.runs.map((run) => run.lost).join(' ');
    return `${v.name.padEnd(15)}  ${v.ms.toFixed(1).padStart(9)}  ${(v.exact ? 'yes' : 'no').padEnd(15)}  ${lost}`;
  });
  // The sentences are the app's Lab panel's too (shared/lab/race.ts): one wording of the result.
  const lines = [
    ...raceIntro(report),
    '',
    'variant          median ms  every bin right  counts lost, run by run',
    '---------------  ---------  ---------------  -----------------------',
    ...rows,
    '',
    ...raceFindings(report).map((finding) => finding.text),
    // The benchmark's warnings when the machine was busy or the times noisy (the counts lost hold anyway).
    ...labWarnings(report).flatMap((warning) => ['', warning]),
  ];
  return `${lines.join('\n')}\n`;
}

/** `pixelpool lab race <image>`: returns the exit code. */
export async function raceCommand(path: string, opts: RaceCommandOptions): Promise<number> {
  const image = await decodeImage(path);
  const report = await runRace(image, opts.workers ?? availableParallelism(), { runs: opts.runs });
  process.stdout.write(
    opts.json ? `${JSON.stringify({ image: path, ...report }, null, 2)}\n` : formatRace(report),
  );
  return 0;
}

export interface PoolCommandOptions {
  workers?: number;
  filters: string;
  rounds?: number;
  json?: boolean;
}

/** `pixelpool lab pool [images…]`: the photos decoded once, then through each Pool method; the exit code. */
export async function poolCommand(inputs: string[], opts: PoolCommandOptions): Promise<number> {
  const { steps } = await loadPipeline(opts.filters);
  checkFiltersOnly(steps, 'the Lab');
  const images = await labImages(inputs);
  const report = await runPoolMethods(images, {
    workers: opts.workers ?? availableParallelism(),
    steps,
    rounds: opts.rounds,
  });
  process.stdout.write(
    opts.json
      ? `${JSON.stringify({ filters: opts.filters, ...report }, null, 2)}\n`
      : formatPoolMethods(report, opts.filters),
  );
  return 0;
}

export interface QueueCommandOptions {
  workers?: number;
  filters: string;
  capacities: number[];
  json?: boolean;
}

/** `pixelpool lab queue [images…]`: decode → filter → encode joined by queues, per capacity; the exit code. */
export async function queueCommand(inputs: string[], opts: QueueCommandOptions): Promise<number> {
  const { steps } = await loadPipeline(opts.filters);
  checkFiltersOnly(steps, 'the Lab');
  const files = await labInputs(inputs);
  const report = await runQueueExperiment(files, {
    workers: opts.workers ?? availableParallelism(),
    steps,
    capacities: opts.capacities,
  });
  process.stdout.write(
    opts.json
      ? `${JSON.stringify({ filters: opts.filters, ...report }, null, 2)}\n`
      : formatQueue(report, opts.filters),
  );
  return 0;
}
