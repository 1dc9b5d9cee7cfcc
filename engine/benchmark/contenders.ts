/**
 * What the benchmark times, one run at a time: the serial baseline and the pool, in each scope (the sharp
 * script the job scope is compared with: sharp-script.ts).
 *
 * - filter scope: decoded RGBA pixels in, filtered pixels out. Serial: runPipeline on each whole image in
 *   the baseline thread (a thread that never detached an ArrayBuffer), timed inside it. Pool: FilterPool.map
 *   over the images already in its shared memory, results left there, timed on the main thread.
 * - job scope: the file's bytes (read into memory before anything is timed) in, encoded bytes out: decode
 *   (sharp), filter, encode, no disk. Serial: one image at a time, sharp at concurrency 1, the kernels in
 *   the baseline thread. Pool: decode, filter and encode overlap in the batch's shape (engine/batch/lanes.ts:
 *   its decode and encode lanes and queues, libvips on one thread per image), decoded into the pool's
 *   shared memory and encoded from where the workers wrote, in either schedule: 'strips' (each image cut
 *   in strips every worker takes part in, as many images in the pool as a batch keeps) or 'images' (each
 *   image one task on
 *   one worker, as many images in the pool as it has workers).
 *
 * Every contender runs the kernels asked for and notes which ran (KernelsLedger), and checks its filtered
 * pixels byte for byte against the serial filter output on its first run (an untimed one: a warm-up or a
 * primer).
 */
import sharp from 'sharp';
import { BENCHMARK_SCHEDULE_INFO } from '../../shared/contract';
import type { KernelChoice } from '../../shared/kernels';
import type { PipelineStep } from '../../workers/filters/types';
import { type StageShape, stageShape } from '../batch/lanes';
import { BoundedQueue, DONE } from '../batch/queue';
import {
  DEFAULT_MAX_PIXELS,
  type DecodedImage,
  encodeImage,
  ImageError,
  type OutputFormat,
  outputFormatFor,
} from '../images/index';
import type { FilterPool } from '../pool/filter-pool';
import type { SerialBaselineThread } from '../pool/serial';
import type { LabeledImage, RunTimings, SharedImage, Transport } from '../pool/types';
import type { RawImage } from '../types';
import type { KernelsLedger } from './kernels';
import { withSharpSettings } from './sharp-settings';
import type { BenchmarkMode, BenchmarkSchedule, BenchmarkScope, TimeSplit } from './types';

/** One timed run of a contender. */
export interface Sample {
  /** What is compared: the filter scope's serial compute time or a run's wall time, ms. */
  ms: number;
  split: TimeSplit;
  /** Per worker (one for serial): time spent on strips, ms. */
  busyMsByWorker: number[];
}

export interface Contender {
  scope: BenchmarkScope;
  mode: BenchmarkMode;
  /**
   * "serial", "2 workers, shared"; in the job scope "job: serial", "job: 2 workers, shared, strips",
   * "job: 2 workers, shared, whole images", "job: sharp script, 2 files at a time".
   */
  label: string;
  /** The pool's size; 1 for serial; the sharp script's files at once. */
  workers: number;
  transport: Transport | null;
  schedule: BenchmarkSchedule | null;
  /** The pool it runs on (its workers collect their garbage before it); null for serial and the script. */
  pool: FilterPool | null;
  run(): Promise<Sample>;
}

/** What every contender works on. */
export interface BenchmarkInputs {
  decoded: readonly DecodedImage[];
  /** The files' bytes, for the job scope. */
  bytes: readonly Buffer[];
  pipeline: readonly PipelineStep[];
  /** The kernels asked for: the pools were created with them, the baseline thread is given them. */
  kernels: KernelChoice;
  /** Where every run notes the kernels that ran. */
  ledger: KernelsLedger;
  /** The serial filter output of every image: the pixels every run must reproduce. */
  expected: readonly Uint8Array[];
  signal?: AbortSignal;
}

export function jobLabel(label: string): string {
  return `job: ${label}`;
}

export function emptySplit(): TimeSplit {
  return { decodeMs: 0, dispatchMs: 0, computeMs: 0, reassembleMs: 0, encodeMs: 0, idleMs: 0 };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

/** Checks one output on a contender's first run; later runs pass. */
function outputChecker(label: string, inputs: BenchmarkInputs): (index: number, pixels: Uint8Array) => void {
  let checked = 0;
  return (index, pixels) => {
    if (checked >= inputs.expected.length) return;
    checked++;
    if (!sameBytes(pixels, inputs.expected[index])) {
      throw new Error(
        `${label}: the output for ${inputs.decoded[index].path} differs from the serial output`,
      );
    }
  };
}

function addTimings(split: TimeSplit, busy: number[], timings: RunTimings): void {
  split.dispatchMs += timings.dispatchMs;
  split.computeMs += timings.computeMs;
  split.reassembleMs += timings.reassembleMs;
  timings.busyMsByWorker.forEach((ms, w) => {
    busy[w] += ms;
  });
}

export function withIdle(sample: Sample): Sample {
  const busy = sample.busyMsByWorker.reduce((sum, ms) => sum + ms, 0);
  sample.split.idleMs = Math.max(0, sample.busyMsByWorker.length * sample.ms - busy);
  return sample;
}

/** The serial filter stage: every image in the baseline thread, timed inside it, into `outputs`. */
export function serialFilter(
  baseline: SerialBaselineThread,
  shared: readonly RawImage[],
  outputs: readonly RawImage[],
  inputs: BenchmarkInputs,
): Contender {
  return {
    scope: 'filter',
    mode: 'serial',
    label: 'serial',
    workers: 1,
    transport: null,
    schedule: null,
    pool: null,
    async run() {
      let ms = 0;
      for (const [i, image] of shared.entries()) {
        const run = await baseline.run(
          image,
          inputs.pipeline,
          inputs.signal,
          outputs[i].data.buffer as SharedArrayBuffer,
          inputs.kernels,
        );
        inputs.ledger.note('serial', run);
        ms += run.computeMs;
      }
      const split = emptySplit();
      split.computeMs = ms;
      return withIdle({ ms, split, busyMsByWorker: [ms] });
    },
  };
}

/** The pool's filter stage: map over the images in its shared memory, results kept there and given back. */
export function poolFilter(
  pool: FilterPool,
  transport: Transport,
  label: string,
  images: readonly LabeledImage[],
  inputs: BenchmarkInputs,
): Contender {
  const check = outputChecker(label, inputs);
  return {
    scope: 'filter',
    mode: 'pool',
    label,
    workers: pool.size,
    transport,
    schedule: 'strips',
    pool,
    async run() {
      const start = performance.now();
      const results = await pool.map(images, inputs.pipeline, {
        transport,
        signal: inputs.signal,
        output: 'shared',
        kernels: inputs.kernels,
      });
      const ms = performance.now() - start;
      const split = emptySplit();
      const busy = new Array<number>(pool.size).fill(0);
      try {
        for (const result of results) {
          inputs.ledger.note(label, result);
          check(result.index, result.image.data);
          addTimings(split, busy, result.timings);
        }
      } finally {
        // The next run writes into the same buffers.
        for (const result of results) result.release();
      }
      return withIdle({ ms, split, busyMsByWorker: busy });
    },
  };
}

/**
 * decodeImage (engine/images) on bytes in memory instead of a file: the same sharp options (upright,
 * pixel limit, stop at the first warning) and the same RGBA layout, in memory of its own. Every file was
 * decoded by decodeImage already, so a failure here is not the file's; the first run's byte-for-byte
 * check shows the two decode alike.
 */
export async function decodeBytes(
  bytes: Buffer,
  source: DecodedImage,
  place: (width: number, height: number) => Uint8Array = (width, height) =>
    new Uint8Array(width * height * 4),
): Promise<RawImage> {
  const { data, info } = await sharp(bytes, {
    failOn: 'warning',
    limitInputPixels: DEFAULT_MAX_PIXELS,
    autoOrient: true,
  })
    .toColourspace('srgb')
    .ensureAlpha()
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 4 || info.width !== source.width || info.height !== source.height) {
    throw new ImageError(source.path, 'corrupt', 'decoded from memory to another size than from its file');
  }
  const pixels = place(info.width, info.height);
  pixels.set(data);
  return { data: pixels, width: info.width, height: info.height };
}

/** The format each filtered image is encoded to: what a batch with `--format same` writes (shared/formats.ts). */
export function encodeFormatFor(format: string): OutputFormat {
  return outputFormatFor('same', format);
}

export function encode(pixels: RawImage, source: DecodedImage): Promise<Buffer> {
  return encodeImage(pixels, {
    format: encodeFormatFor(source.format),
    label: source.path,
    opaque: source.opaque,
  });
}

/**
 * The job on one core: one image at a time, decoded and encoded by sharp at concurrency 1, filtered in the
 * baseline thread (the pixels copied into its shared input and out of its shared output: dispatch and
 * reassemble).
 */
export function serialJob(baseline: SerialBaselineThread, inputs: BenchmarkInputs): Contender {
  const sharedIn = inputs.decoded.map(
    ({ width, height }) => new Uint8Array(new SharedArrayBuffer(width * height * 4)),
  );
  const sharedOut = inputs.decoded.map(({ width, height }) => new SharedArrayBuffer(width * height * 4));
  const label = jobLabel('serial');
  const check = outputChecker(label, inputs);
  return {
    scope: 'job',
    mode: 'serial',
    label,
    workers: 1,
    transport: null,
    schedule: null,
    pool: null,
    run: () =>
      withSharpSettings({ concurrency: 1 }, async () => {
        const split = emptySplit();
        const start = performance.now();
        for (const [i, source] of inputs.decoded.entries()) {
          const { width, height } = source;
          let t = performance.now();
          const pixels = await decodeBytes(inputs.bytes[i], source);
          split.decodeMs += performance.now() - t;
          t = performance.now();
          sharedIn[i].set(pixels.data);
          const run = await baseline.run(
            { data: sharedIn[i], width, height },
            inputs.pipeline,
            inputs.signal,
            sharedOut[i],
            inputs.kernels,
          );
          inputs.ledger.note(label, run);
          split.computeMs += run.computeMs;
          split.dispatchMs += performance.now() - t - run.computeMs;
          t = performance.now();
          const filtered = { data: new Uint8Array(run.image.data), width, height };
          split.reassembleMs += performance.now() - t;
          check(i, filtered.data);
          t = performance.now();
          await encode(filtered, source);
          split.encodeMs += performance.now() - t;
        }
        const ms = performance.now() - start;
        return withIdle({ ms, split, busyMsByWorker: [split.computeMs] });
      }),
  };
}

interface InFlightImage {
  index: number;
  pixels: RawImage;
  /** Gives the pixels' shared memory back to the pool. */
  release(): void;
}

/**
 * Images a job pool run keeps in the pool at once: a batch's two for strips (every worker has strips of
 * both, so one image's hand-over does not leave the workers idle); for whole images one per worker,
 * else workers would have no image to take.
 */
export function imagesInPool(schedule: BenchmarkSchedule, workers: number): number {
  return schedule === 'images' ? workers : stageShape(workers).filter;
}

/**
 * The job on the pool in the batch's shape (engine/batch/lanes.ts: its decode and encode lanes, its
 * queues, libvips on one thread per image): decoded into the pool's shared memory, filtered there, and
 * encoded from where the workers wrote, as a batch does.
 */
export function poolJob(
  pool: FilterPool,
  transport: Transport,
  schedule: BenchmarkSchedule,
  label: string,
  inputs: BenchmarkInputs,
): Contender {
  const fullLabel = jobLabel(`${label}, ${BENCHMARK_SCHEDULE_INFO[schedule].title}`);
  const check = outputChecker(fullLabel, inputs);
  return {
    scope: 'job',
    mode: 'pool',
    label: fullLabel,
    workers: pool.size,
    transport,
    schedule,
    pool,
    run() {
      const shape = stageShape(pool.size);
      return withSharpSettings({ concurrency: shape.vipsThreads }, () => timedRun(shape));
    },
  };

  async function timedRun(shape: StageShape): Promise<Sample> {
    const split = emptySplit();
    const busy = new Array<number>(pool.size).fill(0);
    const decodedQueue = new BoundedQueue<InFlightImage>(shape.decodedQueue);
    const filteredQueue = new BoundedQueue<InFlightImage>(shape.filteredQueue);
    const start = performance.now();
    let next = 0;
    const decodeStage = async () => {
      for (let index = next++; index < inputs.decoded.length; index = next++) {
        const source = inputs.decoded[index];
        const t = performance.now();
        let shared: SharedImage | undefined;
        const release = () => shared?.release();
        let pixels: RawImage;
        try {
          pixels = await decodeBytes(inputs.bytes[index], source, (width, height) => {
            shared = pool.shareImage({ width, height });
            return shared.image.data;
          });
        } catch (error) {
          release();
          throw error;
        }
        split.decodeMs += performance.now() - t;
        if (!(await decodedQueue.put({ index, pixels, release }))) return release();
      }
    };
    const filterStage = async () => {
      for (let item = await decodedQueue.take(); item !== DONE; item = await decodedQueue.take()) {
        const result = await pool.apply(item.pixels, inputs.pipeline, {
          transport,
          signal: inputs.signal,
          label: inputs.decoded[item.index].path,
          kernels: inputs.kernels,
          output: 'shared',
          // One strip: the whole image is one task, on one worker.
          ...(schedule === 'images' ? { stripRows: item.pixels.height } : {}),
        });
        item.release();
        inputs.ledger.note(fullLabel, result);
        addTimings(split, busy, result.timings);
        check(item.index, result.image.data);
        const filtered = { index: item.index, pixels: result.image, release: result.release };
        if (!(await filteredQueue.put(filtered))) return result.release();
      }
    };
    const encodeStage = async () => {
      for (let item = await filteredQueue.take(); item !== DONE; item = await filteredQueue.take()) {
        const t = performance.now();
        try {
          await encode(item.pixels, inputs.decoded[item.index]);
        } finally {
          item.release();
        }
        split.encodeMs += performance.now() - t;
      }
    };
    try {
      await Promise.all([
        Promise.all(Array.from({ length: shape.decode }, decodeStage)).then(() => decodedQueue.close()),
        Promise.all(Array.from({ length: imagesInPool(schedule, pool.size) }, filterStage)).then(() =>
          filteredQueue.close(),
        ),
        Promise.all(Array.from({ length: shape.encode }, encodeStage)),
      ]);
    } catch (error) {
      // Wake the other stages so that nothing waits on a queue nobody serves.
      for (const item of [...decodedQueue.abort(), ...filteredQueue.abort()]) item.release();
      throw error;
    }
    const ms = performance.now() - start;
    return withIdle({ ms, split, busyMsByWorker: busy });
  }
}
