/**
 * The lab's `pool` experiment: the same decoded photos through each way of FilterPool's API, which
 * mirrors Python's multiprocessing.Pool, recording when each result reached the caller. What differs
 * between the methods is not the work (the same strips on the same workers) but when the caller gets
 * to see a result: apply waits for each image before submitting the next; applyAsync submits all and
 * calls back as each finishes; map submits all and hands everything over at the end; imap hands results
 * over in input order as they are ready; imap_unordered as they finish.
 *
 * One pool is reused for every method and warmed up once first, so no method pays for starting threads
 * or compiling kernels; the images are decoded before anything is timed, so only the pool is timed.
 */
import { checkWholeNumber } from '../../shared/errors';
import {
  POOL_METHODS,
  type PoolArrival,
  type PoolMethod,
  type PoolMethodResult,
  type PoolMethodsReport,
} from '../../shared/lab';
import type { PipelineStep } from '../../workers/filters/types';
import { FilterPool } from '../pool/filter-pool';
import type { FilterResult, LabeledImage } from '../pool/types';
import { runChildError } from './child-error';
import { withMachineCheck } from './machine';

/** The report's shapes and the methods' names are declared once, in shared/lab/pool.ts, for the CLI and the app. */
export { POOL_METHODS, PYTHON_NAMES } from '../../shared/lab';
export type { PoolMethod, PoolMethodResult, PoolMethodsReport };
export type Arrival = PoolArrival;

export interface PoolMethodsOptions {
  workers: number;
  steps: readonly PipelineStep[];
  methods?: readonly PoolMethod[];
  /** Rounds (default 3); each method shows its median round, so one hiccup of a busy machine does not decide. */
  rounds?: number;
  /** Time a calibration loop before and after, to tell a busy machine (default true). */
  checkMachine?: boolean;
  /** Sees every result as it arrives (tests compare the pixels); its time is not part of the arrival's. */
  onResult?: (method: PoolMethod, result: FilterResult) => void;
  /** Called after each method of each round, with the steps done and in all (rounds x methods). */
  onStep?: (done: number, total: number) => void;
  /** Stops between two methods: runPoolMethods then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Runs the task that throws in a worker (child-error.ts) after the methods, untimed (default true). */
  childError?: boolean;
}

/** Takes a result the caller now holds; `at` (performance.now()) when several arrive at one moment. */
type Receive = (result: FilterResult, at?: number) => void;

/** Each method on the pool, calling `receive` the moment the caller would hold a result. */
const RUNNERS: Record<
  PoolMethod,
  (
    pool: FilterPool,
    images: readonly LabeledImage[],
    steps: readonly PipelineStep[],
    receive: Receive,
  ) => Promise<void>
> = {
  async apply(pool, images, steps, receive) {
    // One at a time: the next image is submitted only once the previous result is back.
    for (const [index, image] of images.entries()) {
      const result = await pool.apply(image, steps);
      receive({ ...result, index });
    }
  },
  async applyAsync(pool, images, steps, receive) {
    const handles = images.map((image, index) =>
      pool.applyAsync(image, steps, (error, result) => {
        if (!error && result) receive({ ...result, index });
      }),
    );
    // The callbacks did the receiving; get() only surfaces a failure (and waits for the last one).
    await Promise.all(handles.map((handle) => handle.get()));
  },
  async map(pool, images, steps, receive) {
    const results = await pool.map(images, steps);
    // The caller gets the whole list at one moment: one arrival time for all.
    const at = performance.now();
    for (const result of results) receive(result, at);
  },
  async imap(pool, images, steps, receive) {
    // Every image in flight at once, as Python's imap submits every task before the first result.
    for await (const result of pool.imap(images, steps, { ordered: true, window: images.length })) {
      receive(result);
    }
  },
  async imap_unordered(pool, images, steps, receive) {
    for await (const result of pool.imap(images, steps, { ordered: false, window: images.length })) {
      receive(result);
    }
  },
};

async function timeMethod(
  pool: FilterPool,
  name: PoolMethod,
  images: readonly LabeledImage[],
  steps: readonly PipelineStep[],
  onResult: PoolMethodsOptions['onResult'],
): Promise<Omit<PoolMethodResult, 'roundsMs'>> {
  const arrivals: Arrival[] = [];
  const results: FilterResult[] = [];
  const start = performance.now();
  await RUNNERS[name](pool, images, steps, (result, at = performance.now()) => {
    arrivals.push({ index: result.index, label: result.label, ms: at - start });
    results.push(result);
  });
  // The last result's arrival, as the report defines it: map's one moment is then its first and its total.
  const totalMs = arrivals.reduce((last, arrival) => Math.max(last, arrival.ms), 0);
  // After the clock stopped, so a test's comparison of pixels is not counted.
  for (const result of results) onResult?.(name, result);
  return { name, totalMs, arrivals };
}

/** Runs every method on the same decoded images, one pool for all, after one untimed warm-up. */
export async function runPoolMethods(
  images: readonly LabeledImage[],
  options: PoolMethodsOptions,
): Promise<PoolMethodsReport> {
  if (images.length === 0) throw new RangeError('pool methods: no images');
  const methods = options.methods ?? POOL_METHODS;
  const rounds = options.rounds ?? 3;
  checkWholeNumber('rounds', rounds, 1);
  const labeled = images.map((image, index) => ({
    ...image,
    label: image.label ?? image.path ?? `image ${index + 1}`,
  }));
  options.signal?.throwIfAborted();
  const pool = await FilterPool.create({ size: options.workers });
  try {
    // Warm-up, untimed, on every image at once: every worker has run the kernels, and the pool's shared
    // memory holds as many buffers as the most demanding method needs, so the first method to submit
    // every image (applyAsync) does not pay for fresh memory the others then reuse.
    await pool.map(labeled, options.steps);
    const { result, machine } = await withMachineCheck(options.checkMachine ?? true, async () => {
      const timed = new Map<PoolMethod, Omit<PoolMethodResult, 'roundsMs'>[]>(methods.map((m) => [m, []]));
      let done = 0;
      for (let round = 0; round < rounds; round++) {
        for (const name of methods) {
          options.signal?.throwIfAborted();
          // Garbage one method left in the workers is collected now, not during the next method.
          await pool.collectWorkerGarbage();
          timed.get(name)?.push(await timeMethod(pool, name, labeled, options.steps, options.onResult));
          options.onStep?.(++done, rounds * methods.length);
        }
      }
      return methods.map((name): PoolMethodResult => {
        const all = timed.get(name) ?? [];
        const middle = [...all].sort((a, b) => a.totalMs - b.totalMs)[Math.floor((all.length - 1) / 2)];
        return { ...middle, roundsMs: all.map((run) => run.totalMs) };
      });
    });
    options.signal?.throwIfAborted();
    const childError = options.childError === false ? undefined : await runChildError();
    return {
      workers: pool.size,
      rounds,
      photos: labeled.map(({ label, width, height }) => ({ label, width, height })),
      megapixels: labeled.reduce((sum, image) => sum + (image.width * image.height) / 1e6, 0),
      methods: result,
      ...(childError ? { childError } : {}),
      machine,
    };
  } finally {
    await pool.terminate();
  }
}
