/**
 * The benchmark: for a set of images and a pipeline, the serial baseline and the pool at each requested
 * worker count and transport, warm-up then repeated, medians reported, against the same decoded pixels.
 *
 * sharp is loaded (through ../images) when this module is, before any worker exists; workers never load
 * it, since libvips' thread setting is process-wide (docs/architecture.md, "Toolchain pitfalls").
 * The main thread runs no kernel here: the baseline runs in a dedicated thread that never detaches an
 * ArrayBuffer, and the pool's workers compute; so the main thread detaching strips in `transfer` mode
 * cannot slow anything that is timed as compute.
 */
import { availableParallelism } from 'node:os';
import { checkOneOf, checkWholeNumber, OptionError } from '../../shared/errors';
import { collectGarbage } from '../../workers/collect-garbage';
import { plainSteps, resolvePipeline } from '../../workers/filters/index';
import {
  type DecodedImage,
  decodeImage,
  encodeImage,
  OUTPUT_FORMATS,
  type OutputFormat,
} from '../images/index';
import { FilterPool } from '../pool/filter-pool';
import { SerialBaselineThread } from '../pool/serial';
import { toSharedImage } from '../pool/transports';
import {
  DEFAULT_TRANSPORT,
  type LabeledImage,
  type RunTimings,
  TRANSPORTS,
  type Transport,
} from '../pool/types';
import type { RawImage } from '../types';
import { fitAmdahl } from './amdahl';
import { machineInfo } from './machine';
import { referenceFor, timeReference } from './reference';
import { median, medianIndex } from './stats';
import type {
  BenchmarkAmdahl,
  BenchmarkHooks,
  BenchmarkImage,
  BenchmarkOptions,
  BenchmarkPhase,
  BenchmarkReference,
  BenchmarkReport,
  BenchmarkRun,
  TimeSplit,
} from './types';

export { amdahlSpeedup, fitAmdahl } from './amdahl';
export { formatReport } from './format';
export type * from './types';

const METHOD = [
  'medianMs and megapixelsPerSecond time the filter stage only: decoded RGBA pixels in, filtered pixels out, for all images; decode and encode are timed once and reported beside them in split.',
  "serial: runPipeline on each whole image in a dedicated worker thread that never detached an ArrayBuffer (V8 slows a thread's typed-array code after its first detach), timed inside that thread; transport null.",
  "pool: FilterPool.map over all images (strips with halo rows, about four per worker), timed on the main thread from the call to the last result; one pool per worker count, all transports on it, every pool alive for the whole benchmark. Each image is placed in each pool's shared memory once, before the rounds (that copy is part of decodeMs): every run reads it there (shared: in place, copy/transfer: slicing strips from it). Results stay in the pool's shared memory (output: 'shared', no copy out) and are given back after each repetition.",
  'Configurations are interleaved round-robin: `warmup` untimed rounds, then `repeat` timed rounds, each round running serial then every pool configuration once, so that load from other processes spreads over all of them; in timed rounds each timed run directly follows an untimed run of the same configuration, so each is measured warm. Before each pool configuration, the main thread and the workers collect their garbage (untimed), so garbage one configuration leaves is not collected during another. The median per configuration is reported and split is the breakdown of its median run. dispatchMs and computeMs are sums over strips (CPU time), not wall time.',
  "reference: sharp's equivalent, timed after the pools are stopped.",
  'Pool outputs are checked byte for byte against the serial output before timing.',
  'amdahl fits f in S(n) = 1/(f + (1-f)/n) by least squares over the pool runs of one transport: the default transport if measured, else the fastest at the largest worker count.',
];

class BenchmarkAbortError extends Error {
  override name = 'AbortError';
  constructor() {
    super('The benchmark was cancelled');
  }
}

function checkOptions(opts: BenchmarkOptions): Required<Omit<BenchmarkOptions, 'steps' | 'files'>> {
  const cores = availableParallelism();
  const workers = [...new Set(opts.workers ?? [1, cores])];
  const transports = [...new Set(opts.transports ?? [DEFAULT_TRANSPORT])];
  const repeat = opts.repeat ?? 5;
  const warmup = opts.warmup ?? 1;
  if (opts.files.length === 0)
    throw new OptionError("the benchmark's images", 'at least one image file', 'none');
  for (const n of workers) checkWholeNumber('each of the worker counts', n, 1);
  for (const t of transports) checkOneOf('transport', t, TRANSPORTS);
  checkWholeNumber('repeat', repeat, 1);
  checkWholeNumber('warmup', warmup, 0);
  return { workers, transports, repeat, warmup };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(
    Buffer.from(b.buffer, b.byteOffset, b.byteLength),
  );
}

function encodeFormatFor(format: string): OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(format) ? (format as OutputFormat) : 'png';
}

export async function runBenchmark(
  opts: BenchmarkOptions,
  hooks: BenchmarkHooks = {},
): Promise<BenchmarkReport> {
  const { workers, transports, repeat, warmup } = checkOptions(opts);
  const resolved = resolvePipeline(opts.steps);
  const pipeline = plainSteps(resolved);
  const reference = referenceFor(resolved);
  const { signal } = hooks;
  const checkAbort = (): void => {
    if (signal?.aborted) throw new BenchmarkAbortError();
  };

  const passes = warmup + repeat;
  const total = 1 + passes + (reference ? 1 : 0) + workers.length * transports.length * passes + 1;
  let done = 0;
  const progress = (phase: BenchmarkPhase, label: string, advance = 1): void => {
    done += advance;
    hooks.onProgress?.({ phase, done, total, label });
  };

  // Decode once; every run starts from these pixels. The baseline thread reads its own shared copy in
  // place; each pool gets the images in its own shared memory below (also counted as decoding).
  checkAbort();
  hooks.onProgress?.({ phase: 'decode', done, total, label: `decoding ${opts.files.length} images` });
  const decodeStart = performance.now();
  const decoded: DecodedImage[] = [];
  for (const file of opts.files) {
    checkAbort();
    decoded.push(await decodeImage(file));
  }
  const shared = decoded.map((image) => toSharedImage(image));
  let decodeMs = performance.now() - decodeStart;
  progress('decode', 'decoded');
  const images: BenchmarkImage[] = decoded.map((d) => ({
    path: d.path,
    format: d.format,
    width: d.width,
    height: d.height,
    megapixels: (d.width * d.height) / 1e6,
  }));
  const totalMegapixels = images.reduce((sum, image) => sum + image.megapixels, 0);

  // Every configuration is measured in rounds, round-robin: warm-up(s) of each, then repetition 1 of
  // the serial baseline and of every pool configuration, then repetition 2, and so on. Load from other
  // processes then spreads over all configurations alike instead of biasing whichever block it hits.
  // So the baseline thread and one pool per worker count stay alive for the whole benchmark (each pool
  // reuses its shared buffers run after run); all are stopped at the end.
  const serialSamples: number[] = [];
  // The baseline writes into the same output buffers every pass: nothing piles up in its thread.
  const serialOutputs: RawImage[] = shared.map(({ width, height }) => ({
    data: new Uint8Array(new SharedArrayBuffer(width * height * 4)),
    width,
    height,
  }));
  type PoolConfig = {
    size: number;
    transport: Transport;
    label: string;
    pool: FilterPool;
    /** The images in this pool's shared memory: what its runs read. */
    inputs: LabeledImage[];
  };
  const poolRuns = new Map<PoolConfig, { samples: number[]; timings: RunTimings[][] }>();
  const pools: FilterPool[] = [];
  let baseline: SerialBaselineThread | undefined;
  // What the pools' task events are tagged with: the configuration running and the repetition.
  let taskConfig: { label: string; size: number; transport: Transport } = {
    label: '',
    size: 0,
    transport: 'shared',
  };
  let taskWarmup = false;
  let taskRound = 0;
  try {
    baseline = await SerialBaselineThread.start();
    const configs: PoolConfig[] = [];
    for (const size of workers) {
      checkAbort();
      const pool = await FilterPool.create({ size });
      pools.push(pool);
      pool.onTask((event) =>
        hooks.onTask?.({
          ...event,
          run: taskConfig.label,
          workers: taskConfig.size,
          transport: taskConfig.transport,
          warmup: taskWarmup,
          round: taskRound,
        }),
      );
      // One copy per image into this pool's shared memory, for every round of every transport. (The
      // pool gives it back when it terminates, at the end.)
      const shareStart = performance.now();
      const inputs = decoded.map((image) => pool.shareImage(image).image);
      decodeMs += performance.now() - shareStart;
      for (const transport of transports) {
        const label = `${size} worker${size > 1 ? 's' : ''}, ${transport}`;
        const config = { size, transport, label, pool, inputs };
        configs.push(config);
        poolRuns.set(config, { samples: [], timings: [] });
      }
    }

    for (let pass = 0; pass < passes; pass++) {
      const warm = pass < warmup;
      const passLabel = `run ${pass + 1}/${passes}${warm ? ' (warm-up)' : ''}`;
      checkAbort();
      const serialPass = async (thread: SerialBaselineThread): Promise<number> => {
        let ms = 0;
        for (const [i, image] of shared.entries()) {
          const run = await thread.run(
            image,
            pipeline,
            signal,
            serialOutputs[i].data.buffer as SharedArrayBuffer,
          );
          ms += run.computeMs;
        }
        return ms;
      };
      // Each timed run directly follows an untimed run of the same configuration, so every configuration
      // is measured with its own threads, caches and compiled code warm, whatever ran just before it.
      // (Switching straight from one configuration to another cost the 2-worker pool about 5% here and
      // the serial baseline about 2%, which understated every speedup by a few percent.)
      if (!warm) await serialPass(baseline);
      const serialMs = await serialPass(baseline);
      if (!warm) serialSamples.push(serialMs);
      progress('serial', `serial: ${passLabel}`);

      for (const config of configs) {
        checkAbort();
        taskConfig = config;
        taskWarmup = warm;
        taskRound = pass - warmup;
        const measured = poolRuns.get(config) as { samples: number[]; timings: RunTimings[][] };
        // Garbage the previous configuration left (strip copies and clones of copy/transfer) is collected
        // before this one, not during it, in the workers and here.
        await config.pool.collectWorkerGarbage();
        collectGarbage?.();
        if (!warm) {
          // The untimed run that puts this configuration in its steady state (see serialPass).
          taskWarmup = true;
          const primer = await config.pool.map(config.inputs, pipeline, {
            transport: config.transport,
            signal,
            output: 'shared',
          });
          for (const result of primer) result.release();
          taskWarmup = false;
        }
        const start = performance.now();
        const outputs = await config.pool.map(config.inputs, pipeline, {
          transport: config.transport,
          signal,
          output: 'shared',
        });
        const ms = performance.now() - start;
        try {
          if (pass === 0) {
            // The serial outputs of this pass are already there (serial runs first in every pass).
            outputs.forEach((result, i) => {
              if (!sameBytes(result.image.data, serialOutputs[i].data)) {
                throw new Error(
                  `${config.label}: the output for ${images[i].path} differs from the serial output`,
                );
              }
            });
          }
        } finally {
          // The next repetition writes into the same buffers.
          for (const result of outputs) result.release();
        }
        if (!warm) {
          measured.samples.push(ms);
          measured.timings.push(outputs.map((result) => result.timings));
        }
        progress('pool', `${config.label}: ${passLabel}`);
      }
    }
  } catch (error) {
    if (signal?.aborted) throw new BenchmarkAbortError();
    throw error;
  } finally {
    await Promise.all([baseline?.terminate(), ...pools.map((pool) => pool.terminate())]);
  }
  const serialMs = median(serialSamples);

  // sharp's equivalent, once no worker is left to compete for the cores.
  let referenceReport: BenchmarkReference | null = null;
  if (reference) {
    checkAbort();
    const timed = await timeReference(reference, decoded, repeat, warmup, signal).catch((error: unknown) => {
      if (signal?.aborted) throw new BenchmarkAbortError();
      throw error;
    });
    const megapixelsPerSecond = totalMegapixels / (timed.medianMs / 1000);
    const jsSerialMegapixelsPerSecond = totalMegapixels / (serialMs / 1000);
    referenceReport = {
      operation: reference.name,
      megapixelsPerSecond,
      jsSerialMegapixelsPerSecond,
      ratio: jsSerialMegapixelsPerSecond / megapixelsPerSecond,
      medianMs: timed.medianMs,
      samplesMs: timed.samplesMs,
    };
    progress('reference', `sharp ${reference.name}`);
  }

  // One encode of every filtered image, to its input's format (PNG where that cannot be written).
  checkAbort();
  let encodeMs = 0;
  for (let i = 0; i < serialOutputs.length; i++) {
    // sharp reads raw input from an ordinary buffer; that copy is not part of the encode time.
    const output = serialOutputs[i];
    const pixels = { ...output, data: Uint8Array.from(output.data) };
    const start = performance.now();
    await encodeImage(pixels, { format: encodeFormatFor(decoded[i].format), label: decoded[i].path });
    encodeMs += performance.now() - start;
  }
  progress('encode', 'encoded');

  const baseSplit = (): TimeSplit => ({ decodeMs, dispatchMs: 0, computeMs: 0, reassembleMs: 0, encodeMs });
  const runs: BenchmarkRun[] = [
    {
      mode: 'serial',
      workers: 1,
      transport: null,
      medianMs: serialMs,
      megapixelsPerSecond: totalMegapixels / (serialMs / 1000),
      speedup: 1,
      efficiency: 1,
      samplesMs: serialSamples,
      split: { ...baseSplit(), computeMs: serialSamples[medianIndex(serialSamples)] },
      workerBusyShare: [1],
    },
  ];
  for (const [{ size, transport }, { samples, timings }] of poolRuns) {
    const medianMs = median(samples);
    const at = medianIndex(samples);
    const split = baseSplit();
    const busy = new Array<number>(size).fill(0);
    for (const image of timings[at]) {
      split.dispatchMs += image.dispatchMs;
      split.computeMs += image.computeMs;
      split.reassembleMs += image.reassembleMs;
      image.busyMsByWorker.forEach((ms, w) => {
        busy[w] += ms;
      });
    }
    const speedup = serialMs / medianMs;
    runs.push({
      mode: 'pool',
      workers: size,
      transport,
      medianMs,
      megapixelsPerSecond: totalMegapixels / (medianMs / 1000),
      speedup,
      efficiency: speedup / size,
      samplesMs: samples,
      split,
      workerBusyShare: busy.map((ms) => ms / samples[at]),
    });
  }

  return {
    createdAt: new Date().toISOString(),
    machine: machineInfo(),
    pipeline,
    images,
    totalMegapixels,
    repeat,
    warmup,
    runs,
    amdahl: fitRuns(runs, transports, workers),
    reference: referenceReport,
    method: METHOD,
  };
}

/** Amdahl over one transport's pool runs: the default transport if it was measured, else the fastest one. */
function fitRuns(
  runs: readonly BenchmarkRun[],
  transports: readonly Transport[],
  workers: readonly number[],
): BenchmarkAmdahl | null {
  const pool = runs.filter((r) => r.mode === 'pool');
  const largest = Math.max(...workers);
  const fastest = pool
    .filter((r) => r.workers === largest)
    .sort((a, b) => a.medianMs - b.medianMs)[0]?.transport;
  const transport = transports.includes(DEFAULT_TRANSPORT) ? DEFAULT_TRANSPORT : fastest;
  if (!transport) return null;
  const fit = fitAmdahl(pool.filter((r) => r.transport === transport));
  return fit ? { ...fit, transport } : null;
}
