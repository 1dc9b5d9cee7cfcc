import type { PipelineStep } from '../../workers/filters/types';
import type { TaskEvent, Transport } from '../pool/types';

export interface BenchmarkOptions {
  /** Image files, already expanded from folders. */
  files: string[];
  steps: readonly PipelineStep[];
  /** Pool sizes to measure; default [1, cores] (deduplicated). */
  workers?: number[];
  /** Default [DEFAULT_TRANSPORT]. */
  transports?: Transport[];
  /** Timed repetitions per configuration; the median is reported. Default 5. */
  repeat?: number;
  /** Untimed runs before the timed ones (JIT, page faults). Default 1. */
  warmup?: number;
}

export type BenchmarkPhase = 'decode' | 'serial' | 'reference' | 'pool' | 'encode';

export interface BenchmarkProgress {
  phase: BenchmarkPhase;
  done: number;
  total: number;
  /** A few words on what runs now, e.g. "2 workers, shared: run 3/5". */
  label: string;
}

/** A pool task event, tagged with the configuration it belongs to. */
export interface BenchmarkTaskEvent extends TaskEvent {
  /** "2 workers, shared" */
  run: string;
  workers: number;
  transport: Transport;
  /** true for warm-up runs, whose times are not in the report. */
  warmup: boolean;
  /** Which timed repetition (from 0) the task belongs to; meaningless when `warmup`. */
  round: number;
}

export interface BenchmarkHooks {
  onProgress?: (progress: BenchmarkProgress) => void;
  onTask?: (event: BenchmarkTaskEvent) => void;
  signal?: AbortSignal;
}

export interface MachineInfo {
  cpuModel: string;
  /** os.availableParallelism(): the cores this process may use. */
  cores: number;
  node: string;
  platform: string;
  arch: string;
  totalMemoryMB: number;
}

/** Where the time of the median repetition went, ms (all images together). */
export interface TimeSplit {
  /** Decoding every image once, and placing it once in each pool's shared memory (not part of medianMs). */
  decodeMs: number;
  /** Dispatch and transfer, summed over strips (see RunTimings.dispatchMs); 0 for serial. */
  dispatchMs: number;
  /** Kernel time, summed over workers. */
  computeMs: number;
  reassembleMs: number;
  /** Encoding every filtered image once to its input's format (PNG if that cannot be written); not part of medianMs. */
  encodeMs: number;
}

export interface BenchmarkRun {
  mode: 'serial' | 'pool';
  workers: number;
  /** null for the serial baseline, which moves no pixels. */
  transport: Transport | null;
  /** Median over the repetitions of the filter stage for all images: decoded pixels in, filtered pixels out. */
  medianMs: number;
  megapixelsPerSecond: number;
  /** serial medianMs / this medianMs. */
  speedup: number;
  /** speedup / workers. */
  efficiency: number;
  samplesMs: number[];
  split: TimeSplit;
  /** Per worker: its busy time in the median repetition / medianMs. [1] for serial. */
  workerBusyShare: number[];
}

export interface AmdahlPoint {
  workers: number;
  speedup: number;
  /** The fitted model's speedup at this worker count. */
  predicted: number;
}

export interface AmdahlFit {
  /** f in S(n) = 1 / (f + (1 - f) / n), least squares over the points, within [0, 1]. */
  serialFraction: number;
  /** The speedup limit 1 / f (null when f is 0). */
  maxSpeedup: number | null;
  /** Root mean square of speedup - predicted. */
  rmse: number;
  points: AmdahlPoint[];
}

export interface BenchmarkAmdahl extends AmdahlFit {
  /** The pool runs fitted: those of this transport (the default one if measured, else the fastest). */
  transport: Transport;
}

export interface BenchmarkReference {
  /** sharp's operation, e.g. "blur(sigma=3)" or "convolve(3x3 Sobel x)". */
  operation: string;
  /** sharp at concurrency 1 on the same RGBA images, median of the repetitions. */
  megapixelsPerSecond: number;
  /** The serial baseline's speed on the same pipeline. */
  jsSerialMegapixelsPerSecond: number;
  /** jsSerialMegapixelsPerSecond / megapixelsPerSecond. */
  ratio: number;
  medianMs: number;
  samplesMs: number[];
}

export interface BenchmarkImage {
  path: string;
  format: string;
  width: number;
  height: number;
  megapixels: number;
}

export interface BenchmarkReport {
  createdAt: string;
  machine: MachineInfo;
  /** The pipeline as run: every parameter filled in. */
  pipeline: PipelineStep[];
  images: BenchmarkImage[];
  totalMegapixels: number;
  repeat: number;
  warmup: number;
  runs: BenchmarkRun[];
  /** null when no pool run has more than one worker. */
  amdahl: BenchmarkAmdahl | null;
  /** null unless the pipeline is a single gaussian-blur or a single sobel. */
  reference: BenchmarkReference | null;
  /** What was measured and how, in words, for whoever reads the JSON later. */
  method: string[];
}
