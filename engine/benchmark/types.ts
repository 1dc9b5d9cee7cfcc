import type {
  BenchmarkMode,
  BenchmarkRunFigures,
  BenchmarkSchedule,
  BenchmarkScope,
  BenchmarkScopeChoice,
  BenchmarkScriptComparison,
  BenchmarkScriptReference,
} from '../../shared/contract';
import type { KernelChoice } from '../../shared/kernels';
import type { PoolKind } from '../../shared/pools';
import type { PipelineStep } from '../../workers/filters/types';
import type { TaskEvent, Transport } from '../pool/types';
import type { SlotSpawner } from '../pool/worker-slot';

export type {
  BenchmarkMode,
  BenchmarkSchedule,
  BenchmarkScope,
  BenchmarkScopeChoice,
  BenchmarkScriptComparison,
  BenchmarkScriptReference,
  KernelChoice,
};

export interface BenchmarkOptions {
  /** Image files, already expanded from folders. */
  files: string[];
  steps: readonly PipelineStep[];
  /** Pool sizes to measure; default [1, cores] (deduplicated). */
  workers?: number[];
  /** Default [DEFAULT_TRANSPORT]. */
  transports?: Transport[];
  /**
   * Fixed mode: timed rounds, each giving every configuration one (serial, pool) pair. Default 5 unless
   * `timeBudgetSeconds` is given; both together are refused.
   */
  repeat?: number;
  /**
   * Adaptive mode: rounds go on until every configuration's 95% interval is within ±3% of its speedup
   * (and has at least 5 pairs), or until the next round would end past this many seconds from the start.
   */
  timeBudgetSeconds?: number | null;
  /** Untimed rounds before the timed ones (JIT, page faults). Default 1. */
  warmup?: number;
  /** 'filter' (decoded pixels in and out), 'job' (file bytes in, encoded bytes out), or 'both' (default). */
  scope?: BenchmarkScopeChoice;
  /** The kernels every contender runs, the pools and the serial baseline alike (default DEFAULT_KERNELS). */
  kernels?: KernelChoice;
  /**
   * Worker threads (default) or child processes for every pool. Processes have one transport, `copy`
   * (the default for them; others are refused).
   */
  pool?: PoolKind;
  /** How a pool of processes starts each one (PoolOptions.processSpawner; Electron: utilityProcess). */
  processSpawner?: SlotSpawner;
}

export type BenchmarkPhase = 'calibrate' | 'decode' | 'serial' | 'reference' | 'pool' | 'encode';

export interface BenchmarkProgress {
  phase: BenchmarkPhase;
  done: number;
  total: number;
  /** A few words on what runs now, e.g. "2 workers, shared: pair 3/5". */
  label: string;
}

/** A pool task event, tagged with the configuration it belongs to. */
export interface BenchmarkTaskEvent extends TaskEvent {
  /** "2 workers, shared" for the filter scope, "job: 2 workers, shared, strips" for the job scope. */
  run: string;
  scope: BenchmarkScope;
  workers: number;
  transport: Transport;
  schedule: BenchmarkSchedule;
  /** true for warm-up runs, whose times are not in the report. */
  warmup: boolean;
  /** Which timed round (pair, from 0) the task belongs to; meaningless when `warmup`. */
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

/**
 * Where the time of the median sample went, ms (all images together), summed over the threads that spent
 * it (so the parts can add up to more than medianMs).
 */
export interface TimeSplit {
  /**
   * filter scope: decoding every image once and placing it once in each pool's shared memory (not part
   * of medianMs). job scope: decoding the file bytes in this sample (part of medianMs).
   */
  decodeMs: number;
  /**
   * Dispatch and transfer, summed over strips (see RunTimings.dispatchMs); 0 for the serial filter stage;
   * for the serial job, copying each decoded image to the baseline thread and back.
   */
  dispatchMs: number;
  /** Kernel time, summed over workers. */
  computeMs: number;
  reassembleMs: number;
  /**
   * filter scope: encoding every filtered image once to its input's format (PNG if that cannot be
   * written), not part of medianMs. job scope: the encodes of this sample (part of medianMs).
   */
  encodeMs: number;
  /**
   * Worker time not spent computing: workers x medianMs - the workers' summed busy time. In the job,
   * mostly the workers waiting while images are decoded and encoded.
   */
  idleMs: number;
}

/** One configuration's result: the figures the UI shows too (shared/contract.ts), and the engine's detail. */
export interface BenchmarkRun extends BenchmarkRunFigures {
  /** Per pair: serial ms / pool (or script) ms. Empty for serial. */
  pairSpeedups: number[];
  /**
   * The workers' summed compute time / the serial compute time, median over pairs: about 1 when each
   * worker computed as fast as the serial baseline did; well above 1 when the cores did not deliver.
   * null for serial and the sharp script.
   */
  computeRatio: number | null;
  /** All zero for the sharp script: sharp does the whole job in one call, which cannot be split. */
  split: TimeSplit;
  /** Per worker: its busy time in the median sample / medianMs. Serial: [compute / medianMs]. Script: []. */
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
  scope: BenchmarkScope;
  /** The pool runs fitted: those of this transport (the default one if measured, else the fastest). */
  transport: Transport;
  /** 95% bootstrap interval of serialFraction (the pairs of every fitted run resampled, f refitted). */
  serialFractionCI: [number, number];
  /**
   * false when the warnings say the machine, not the pipeline, shaped the speedups (the cores did not
   * deliver, the machine was busy, a speedup beyond its workers): then f is not a property of the pipeline.
   */
  trusted: boolean;
  /** Why it is not trusted, or what was left out of the fit (oversubscribed runs); null when nothing. */
  note: string | null;
}

/** One timing of a fixed CPU loop (calibration.ts): on one thread, then on every core at once. */
export interface Calibration {
  /** The loop alone, ms (median of a few). */
  singleMs: number;
  /** The same loop on `cores` threads at once: each thread's ms (median of a few). */
  parallelMs: number[];
  /** Cores' worth of speed the machine gave the loop: sum over threads of singleMs / parallelMs. */
  coresDelivered: number;
}

export interface MachineLoad {
  /** os.loadavg()[0] (1-minute load average) before the run; null where the OS has none (Windows). */
  loadAverage: number | null;
  before: Calibration;
  /** null when the benchmark did not get that far. */
  after: Calibration | null;
}

/** How the rounds ended: the fixed count, every interval narrow, the time budget, or the rounds' limit. */
export type RoundsStop = 'repeat' | 'converged' | 'budget' | 'limit';

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
  /** The scopes asked for. */
  scope: BenchmarkScopeChoice;
  /** What every pool's workers were: threads or child processes. */
  pool: PoolKind;
  /** Timed rounds done: each configuration has this many pairs. */
  repeat: number;
  /** The adaptive mode's budget; null in fixed mode. */
  timeBudgetSeconds: number | null;
  stoppedBy: RoundsStop;
  warmup: number;
  /** The filter scope's runs first (serial, then pools), then the job scope's. */
  runs: BenchmarkRun[];
  /** The filter scope's fit; null when that scope was not measured or no run has 2 to `cores` workers. */
  amdahl: BenchmarkAmdahl | null;
  /** The job scope's fit, likewise. */
  jobAmdahl: BenchmarkAmdahl | null;
  machineLoad: MachineLoad;
  /** Plain words on the whole report (the machine, the time budget); empty when none. */
  warnings: string[];
  /** null unless the pipeline is a single gaussian-blur or a single sobel. */
  reference: BenchmarkReference | null;
  /** The kernels that ran: 'js' when WebAssembly was asked for and any run ran the JS kernels. */
  kernels: KernelChoice;
  /** Why the JS kernels ran although WebAssembly was asked for; absent when they did not. */
  kernelsFallback?: string;
  /**
   * The job scope against the sharp script users write instead (a lone gaussian-blur or sobel), timed
   * in the same rounds; null when the job scope was not measured or there is no script.
   */
  jobReference: BenchmarkScriptReference | null;
  /** Why the job scope has no sharp script to compare with; null when it has one or was not measured. */
  jobReferenceMissing: string | null;
  /** What was measured and how, in words, for whoever reads the JSON later. */
  method: string[];
}
