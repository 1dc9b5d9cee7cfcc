/**
 * The lab's `race` experiment: shared memory done wrong and right, on real work. N worker threads build
 * the R, G and B histogram of one photo into one shared Uint32Array, each over its own band of rows,
 * all starting at once, in each of the four ways of workers/lab/histogram.ts. The exact total is known
 * (width x height x 3), so what the unsynchronised increments lost is counted, not guessed.
 *
 * Real threads, real races: the workers are the pool's own filter workers (lab-workers.ts), started for the
 * experiment and stopped after it, and each variant runs on the same pixels in the same shared memory.
 */
import { checkWholeNumber } from '../../shared/errors';
import type { LabRaceReport, LabRaceRun, LabRaceVariant } from '../../shared/lab';
import { HISTOGRAM_BINS, RACE_VARIANTS, type RaceVariant } from '../../workers/lab/histogram';
import type { RawImage } from '../types';
import { withLabWorkers } from './lab-workers';
import { noiseOf, spreadOf, withMachineCheck } from './machine';

/** The report's shapes are declared once, in shared/lab/race.ts, for the CLI and the app alike. */
export type RaceRun = LabRaceRun;
export type RaceVariantResult = LabRaceVariant;
export type RaceReport = LabRaceReport;

export interface RaceOptions {
  variants?: readonly RaceVariant[];
  /** Timed runs of each variant (default 5); the variants take turns, run after run. */
  runs?: number;
  /** Called after each round (every variant once), with the rounds done and the rounds in all. */
  onRound?: (done: number, total: number) => void;
  /** Stops the race between two runs: runRace then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Time a calibration loop before and after the timed runs, to tell a busy machine (default true). */
  checkMachine?: boolean;
}

/** The histogram counted on this thread, the reference every variant is checked against. */
export function referenceHistogram(image: RawImage): Uint32Array {
  const bins = new Uint32Array(HISTOGRAM_BINS);
  const { data } = image;
  for (let i = 0; i < data.length; i += 4) {
    bins[data[i]]++;
    bins[256 + data[i + 1]]++;
    bins[512 + data[i + 2]]++;
  }
  return bins;
}

/** Row bands, one per thread, as even as the height allows (a thread may get none on a short image). */
export function rowBands(height: number, threads: number): [number, number][] {
  return Array.from({ length: threads }, (_, k) => [
    Math.floor((k * height) / threads),
    Math.floor(((k + 1) * height) / threads),
  ]);
}

export async function runRace(
  image: RawImage,
  workers: number,
  options: RaceOptions = {},
): Promise<RaceReport> {
  const variants = options.variants ?? RACE_VARIANTS;
  const runs = options.runs ?? 5;
  checkWholeNumber('runs', runs, 1);
  checkWholeNumber('workers', workers, 1);
  const { width, height } = image;
  const pixels = new SharedArrayBuffer(image.data.byteLength);
  new Uint8Array(pixels).set(image.data);
  const reference = referenceHistogram(image);
  const expected = width * height * 3;
  return withLabWorkers('race', workers, async ({ slots, alive, death }) => {
    /** One run of `variant`: every thread at the start line, then let go at once. */
    const runOnce = async (variant: RaceVariant): Promise<RaceRun> => {
      options.signal?.throwIfAborted();
      const bins = new SharedArrayBuffer(HISTOGRAM_BINS * 4);
      const lock = new SharedArrayBuffer(4);
      const start = new SharedArrayBuffer(8);
      const line = new Int32Array(start);
      const counting = rowBands(height, workers).map(([rowFrom, rowTo], k) =>
        slots[k].thread.histogram({ variant, pixels, width, rowFrom, rowTo, bins, lock, start }),
      );
      // Let them go once all are at the start line; the main thread polls, as it must not block.
      while (Atomics.load(line, 0) < workers) {
        const died = death();
        if (died) throw died;
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      const began = performance.now();
      Atomics.store(line, 1, 1);
      Atomics.notify(line, 1);
      const timings = await alive(Promise.all(counting));
      const ms = performance.now() - began;
      const counted = new Uint32Array(bins);
      const total = counted.reduce((sum, n) => sum + n, 0);
      const exact = counted.every((n, bin) => n === reference[bin]);
      return { total, lost: expected - total, ms, threadMs: timings.map((t) => t.ms), exact };
    };
    // An untimed run of each first: the workers' code is compiled before anything is timed.
    for (const variant of variants) await runOnce(variant);
    const timed = new Map<RaceVariant, RaceRun[]>(variants.map((v) => [v, []]));
    const { machine } = await withMachineCheck(
      options.checkMachine ?? true,
      async () => {
        for (let round = 0; round < runs; round++) {
          for (const variant of variants) timed.get(variant)?.push(await runOnce(variant));
          options.onRound?.(round + 1, runs);
        }
      },
      options.signal,
    );
    const results = variants.map((name): RaceVariantResult => {
      const all = timed.get(name) ?? [];
      const middle = [...all].sort((a, b) => a.ms - b.ms)[Math.floor((all.length - 1) / 2)];
      return {
        name,
        total: middle.total,
        lost: middle.lost,
        ms: middle.ms,
        exact: all.every((run) => run.exact),
        runs: all,
      };
    });
    const noise = noiseOf(
      results.map((v) =>
        spreadOf(
          `${v.name}: time`,
          v.runs.map((run) => run.ms),
        ),
      ),
    );
    return {
      width,
      height,
      pixels: width * height,
      expected,
      workers,
      runs,
      variants: results,
      machine,
      noise,
    };
  });
}
