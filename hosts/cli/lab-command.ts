/**
 * `pixelpool lab <experiment>`: the multiprocessing lab on the command line, one experiment per idea,
 * on the user's own photo. Each prints its measured numbers and a few sentences that tie them to the
 * idea and the Python API it mirrors, or with --json one object.
 */
import { availableParallelism } from 'node:os';
import { decodeImage } from '../../engine/images/index';
import { runPoolMethods } from '../../engine/lab/pool-methods';
import { runQueueExperiment } from '../../engine/lab/queue';
import { type RaceReport, runRace } from '../../engine/lab/race';
import { loadPipeline } from '../../engine/pipeline-spec';
import { labInputs } from './lab-inputs';
import { formatPoolMethods } from './lab-pool-text';
import { formatQueue } from './lab-queue-text';

export interface RaceCommandOptions {
  workers?: number;
  runs?: number;
  json?: boolean;
}

function formatRace(report: RaceReport): string {
  const by = Object.fromEntries(report.variants.map((v) => [v.name, v]));
  const rows = report.variants.map((v) => {
    const lost = v.runs.map((run) => run.lost).join(' ');
    return `${v.name.padEnd(15)}  ${v.ms.toFixed(1).padStart(9)}  ${(v.exact ? 'yes' : 'no').padEnd(15)}  ${lost}`;
  });
  const lines = [
    `Race: ${report.workers} worker threads count the R, G and B histogram of a ${report.width}x${report.height} photo into one shared Uint32Array,`,
    `each over its own rows, all starting at once; ${report.runs} runs of each variant, taking turns, after a warm-up.`,
    `Exact total: ${report.expected} (${report.pixels} pixels x 3 channels).`,
    '',
    'variant          median ms  every bin right  counts lost, run by run',
    '---------------  ---------  ---------------  -----------------------',
    ...rows,
    '',
  ];
  const { unsynchronised, atomic, lock } = by;
  const own = by.private;
  if (unsynchronised) {
    const lost = unsynchronised.runs.filter((run) => run.lost > 0).length;
    lines.push(
      lost > 0
        ? `unsynchronised lost counts in ${lost} of ${unsynchronised.runs.length} runs: bins[v]++ on shared memory is a load, an add and a store, and two threads that load a bin before either stores count once for two (Python: multiprocessing.Array(lock=False)).`
        : `unsynchronised lost nothing in ${unsynchronised.runs.length} runs: the threads never collided (one core free, or luck). bins[v]++ on shared memory is still a load, an add and a store (Python: multiprocessing.Array(lock=False)).`,
    );
  }
  const times = (v: { ms: number } | undefined, base: { ms: number } | undefined) =>
    v && base ? ` (${(v.ms / base.ms).toFixed(1)}x the time of private)` : '';
  if (atomic) {
    lines.push(
      `atomic: Atomics.add makes each count one indivisible read-modify-write, exact${times(atomic, own)}.`,
    );
  }
  if (lock) {
    lines.push(
      `lock: a mutex on Atomics.wait/notify around every pixel, as \`with arr.get_lock():\` does, exact${times(lock, own)}.`,
    );
  }
  if (own) {
    lines.push(
      "private: each thread counts into bins of its own and adds them to the shared ones once, at the end: exact, and the advice of Python's docs, avoid shared state.",
    );
  }
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
  const files = await labInputs(inputs);
  const images = [];
  for (const path of files) images.push({ ...(await decodeImage(path)), label: path });
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
