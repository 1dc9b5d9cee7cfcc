/**
 * The contract between the UI and the main process: the only thing the renderer knows of it.
 *
 * TYPES ONLY, plus a few small constants. The sandboxed preload imports this file and the renderer
 * imports its types, so it must never import zod, node modules or engine code. Requests are
 * validated in the main process (engine/service/schemas.ts) before anything runs.
 *
 * Wire shape, the same for every host:
 *   request  = (method: ApiMethod, payload: the method's request object or undefined)
 *   response = ApiResponse: { ok: true, value } | { ok: false, error: { code, message } }
 * Errors travel as values, not as thrown exceptions, because Electron's IPC rewrites thrown
 * errors' messages and drops their fields. The renderer's bridge unwraps the envelope and throws
 * an `Error` carrying `code`.
 *
 * How each host carries this wire (IPC channels, the preload API, WebSocket frames, web paths) is
 * in host-wiring.ts.
 */
import type {
  ChoiceParamSpec,
  FilterCategory,
  ParamSpec,
  ParamValue,
  PipelineStep,
  StepCategory,
  StepParamSpec,
} from '../workers/filters/types';
import type { OutputFormat, OutputFormatChoice } from './formats';
import type { KernelChoice, Schedule } from './kernels';
import type {
  LabExperiment,
  LabImageInfo,
  LabRaceReport,
  LabRaceResult,
  LabResult,
  StartLabRequest,
} from './lab';
import type { MetadataMode } from './metadata';
import type { ConflictPolicy } from './naming';
import type { PoolKind } from './pools';
import type { Transport } from './transports';

export type {
  ChoiceParamSpec,
  ConflictPolicy,
  FilterCategory,
  KernelChoice,
  LabExperiment,
  LabImageInfo,
  LabRaceReport,
  LabRaceResult,
  LabResult,
  OutputFormat,
  ParamSpec,
  ParamValue,
  PipelineStep,
  PoolKind,
  Schedule,
  StartLabRequest,
  StepCategory,
  StepParamSpec,
  Transport,
};

// ---------------------------------------------------------------------------------------------
// Small shared vocabularies (the lists they come from are in formats.ts, kernels.ts, naming.ts,
// transports.ts)

export type HostKind = 'electron' | 'web';
/** An opaque random key of bytes kept by the service (thumbnails, previews). Lower-case hex. */
export type MediaKey = string;

// ---------------------------------------------------------------------------------------------
// Catalogue and capabilities

/** A step of the catalogue: a filter, or a geometry step (category 'geometry', which sharp runs). */
export interface FilterInfo {
  id: string;
  label: string;
  category: StepCategory;
  description: string;
  params: StepParamSpec[];
  /** True when the filter reads neighbouring pixels (its strips need halo rows). */
  neighbourhood: boolean;
}

export interface Catalog {
  /** In display order. */
  categories: { id: StepCategory; label: string }[];
  filters: FilterInfo[];
}

export interface HostDialogAvailability {
  /** A native "open files" dialog (adds the chosen images). */
  openFiles: boolean;
  /** A native "open folder" dialog (adds the images inside, recursively). */
  openFolder: boolean;
  /** A native "choose output folder" dialog. Without it the UI shows a text field. */
  chooseFolder: boolean;
  /** Opening a folder in the OS file manager. */
  openPath: boolean;
}

export interface Capabilities {
  host: HostKind;
  version: string;
  platform: string;
  /** Logical cores the pool can use. */
  cores: number;
  /** Worker count used when the user has not chosen one (= cores). */
  defaultWorkers: number;
  /** The largest worker count a request may ask for (REQUEST_LIMITS in limits.ts). */
  maxWorkers: number;
  transports: Transport[];
  defaultTransport: Transport;
  formats: OutputFormat[];
  dialogs: HostDialogAvailability;
  /** Web host only: limits of dropped-file uploads. null in Electron (drops are paths there). */
  upload: { maxFileBytes: number; maxTotalBytes: number } | null;
  /**
   * The host hands a finished batch's written files to the browser, each one and all as a .zip (the web
   * host, whose user may not see the machine's folders). False in Electron, which opens the output folder
   * instead (`dialogs.openPath`).
   */
  downloads: boolean;
  /** Limits the service enforces, so the UI can say them before the request fails. */
  limits: { maxImages: number; maxSteps: number; maxRepeat: number };
}

// ---------------------------------------------------------------------------------------------
// Images

export interface ImageEntry {
  id: string;
  /** File name (no folder). */
  name: string;
  /** Absolute path on the host machine. */
  path: string;
  width: number;
  height: number;
  megapixels: number;
  /** Container format as sharp names it (jpeg, png, webp, avif, tiff, gif). */
  format: string;
  bytes: number;
  /** Key of a small JPEG thumbnail; null when the thumbnail could not be made. */
  thumbnail: MediaKey | null;
  addedAt: number;
}

export interface RejectedEntry {
  path: string;
  name: string;
  /** Plain words: what is wrong with the file. */
  reason: string;
  /** Machine-readable cause (the engine's ImageError kind, or 'unsupported' / 'limit'). */
  kind: string;
}

export interface AddPathsRequest {
  /** Files or folders (folders are read recursively for image files). */
  paths: string[];
}
/**
 * A file not added because it is already in the list: the same file by another path (a symlink, a hard
 * link, another spelling of the path), or a copy of it (the same bytes elsewhere, or the same upload
 * again). engine/service/duplicates.ts holds the rule.
 */
export interface DuplicateEntry {
  /** The file as given (absolute). */
  path: string;
  name: string;
  /** 'same-file': the very file the list has; 'same-bytes': another file with identical bytes. */
  kind: 'same-file' | 'same-bytes';
  /** The image of the list it duplicates (perhaps added by the same request). */
  of: { imageId: string; name: string; path: string };
}

export interface AddPathsResult {
  added: ImageEntry[];
  rejected: RejectedEntry[];
  /** Files already in the list, in the order given: not added again. */
  duplicates: DuplicateEntry[];
  /** Files inside folders whose extension is not an image's: not probed, not listed. */
  ignored: number;
}

export interface RemoveImagesRequest {
  ids: string[];
}
export interface RemoveImagesResult {
  removed: number;
}

// ---------------------------------------------------------------------------------------------
// Pipelines and previews

export interface PipelineRequest {
  steps: PipelineStep[];
}

export type ValidatePipelineResult =
  | {
      ok: true;
      /** Every step with all params filled in (defaults) and `enabled` explicit. */
      steps: Required<PipelineStep>[];
      /** Halo rows the enabled steps need above and below each strip. */
      radius: number;
    }
  | {
      ok: false;
      /** Names the filter, the parameter and the allowed range. */
      error: string;
      /** Index of the step at fault, when known. */
      stepIndex: number | null;
    };

/** The output settings a preview encodes with: the batch's (Settings.batch). */
export interface PreviewOutput {
  /** 'same': the input's format when it can be written, as a batch does (shared/formats.ts). */
  format: OutputFormatChoice;
  /** 1-100; ignored by lossless formats. */
  quality: number;
  /** Default: the batch settings' (so the byte size counts the metadata the batch would write). */
  metadata?: MetadataMode;
  stripGps?: boolean;
}
export interface RenderPreviewRequest {
  imageId: string;
  steps: PipelineStep[];
  /** How the batch will encode; default: the saved batch settings. */
  output?: PreviewOutput;
}
export interface RenderPreviewResult {
  imageId: string;
  /** The input at full size, lossless (PNG). */
  before: MediaKey;
  /** The pipeline's output at full size, lossless (PNG): exactly the pixels the batch encodes. */
  after: MediaKey;
  /** The output encoded as the batch writes it (its format's MIME type). */
  encoded: MediaKey;
  /** Size of the output (after). */
  width: number;
  height: number;
  /** Size of the input (before); differs from the output's once a step changes the geometry. */
  beforeWidth: number;
  beforeHeight: number;
  output: {
    format: OutputFormat;
    /** null for a lossless format (quality does not apply). */
    quality: number | null;
    /** Byte size of the encoded output, as the batch would write it. */
    bytes: number;
    /** Byte size of the input file. */
    inputBytes: number;
  };
  /**
   * decodeMs: the full-size decode (0 when the input came from the cache, `decodeCached`); filterMs: the
   * pipeline on the pool's `workers`; encodeMs: the output encode; losslessMs: the lossless PNG for display.
   */
  timings: { decodeMs: number; filterMs: number; encodeMs: number; losslessMs: number; totalMs: number };
  decodeCached: boolean;
  workers: number;
}

/** Same JSON the CLI reads with `--filters @preset.json`. */
export interface ParsePresetRequest {
  json: string;
}
export interface ParsePresetResult {
  steps: PipelineStep[];
  name: string | null;
}
export interface FormatPresetRequest {
  steps: PipelineStep[];
  name?: string;
}
export interface FormatPresetResult {
  json: string;
  /** A suggested file name. */
  fileName: string;
}

/** A named preset: the file `<name>.json` in the presets folder, which `pixelpool batch --preset <name>` reads. */
export interface PresetEntry {
  name: string;
  steps: PipelineStep[];
  /** The file on the host. */
  path: string;
}
export interface ListPresetsResult {
  /** The presets folder (shared with the CLI; engine/presets/location.ts). */
  dir: string;
  presets: PresetEntry[];
  /** Files in the folder that are not presets PixelPool can read, each with the reason. */
  problems: { path: string; error: string }[];
}
export interface SavePresetRequest {
  /** shared/presets.ts says which names are allowed; an existing preset of this name is replaced. */
  name: string;
  steps: PipelineStep[];
}
export interface DeletePresetRequest {
  name: string;
}

// ---------------------------------------------------------------------------------------------
// Jobs (benchmark, batch, lab). State lives in the main process: a reloaded renderer calls listJobs().

export type JobKind = 'benchmark' | 'batch' | 'lab';
export type JobState = 'running' | 'done' | 'failed' | 'cancelled';

export interface JobProgress {
  done: number;
  total: number;
  /** What is happening now, in a few words ("2 workers, shared: run 3/5"). */
  label: string;
}

export interface JobSummary {
  jobId: string;
  kind: JobKind;
  state: JobState;
  startedAt: number;
  finishedAt: number | null;
  progress: JobProgress;
  error: string | null;
}

export interface JobStartResult {
  jobId: string;
}

export interface CancelJobRequest {
  jobId: string;
}
export interface CancelJobResult {
  /** False when the job had already finished (or is unknown). */
  cancelled: boolean;
}

export interface GetJobRequest {
  jobId: string;
}
/** Everything needed to redraw a job's panel after a reload. */
export type JobSnapshot =
  | (JobSummary & {
      kind: 'benchmark';
      request: StartBenchmarkRequest;
      /** Most recent task spans (bounded). */
      tasks: TaskSpan[];
      report: BenchmarkReportView | null;
    })
  | (JobSummary & {
      kind: 'batch';
      request: StartBatchRequest;
      files: BatchFileStatus[];
      stats: BatchStats;
      summary: BatchSummary | null;
    })
  | (JobSummary & {
      kind: 'lab';
      request: StartLabRequest;
      result: LabResult | null;
    });

// --- Benchmark

/** What a benchmark times: 'filter' (decoded pixels in, filtered pixels out) or 'job' (file in, encoded bytes out). */
export type BenchmarkScope = 'filter' | 'job';
export type BenchmarkScopeChoice = BenchmarkScope | 'both';
export const BENCHMARK_SCOPES = ['filter', 'job', 'both'] as const satisfies readonly BenchmarkScopeChoice[];

/**
 * How a benchmark's pool run spread the images over its workers (shared/kernels.ts, without 'auto',
 * which mixes the two): 'strips', every image cut in strips that every worker takes part in, or
 * 'images', each image whole on one worker, as many images in the pool as it has workers. The filter
 * scope measures strips; the job scope both.
 */
export type BenchmarkSchedule = Exclude<Schedule, 'auto'>;
export const BENCHMARK_SCHEDULES = ['strips', 'images'] as const satisfies readonly BenchmarkSchedule[];
/** How the report, the CLI and the app name each schedule, and what it does. */
export const BENCHMARK_SCHEDULE_INFO = {
  strips: { title: 'strips', idea: 'each image cut in strips that every worker takes part in' },
  images: {
    title: 'whole images',
    idea: 'each image one task on one worker, as many images in the pool as it has workers',
  },
} as const satisfies Record<BenchmarkSchedule, { title: string; idea: string }>;

/**
 * What a run is: the one-thread baseline, the pool, or (job scope) the sharp script the job is
 * compared with, paired with the baseline like the pool.
 */
export type BenchmarkMode = 'serial' | 'pool' | 'reference';

export interface StartBenchmarkRequest {
  imageIds: string[];
  steps: PipelineStep[];
  /** Worker counts to run the pool at, e.g. [1, 2]. The serial baseline always runs too. */
  workers: number[];
  transports: Transport[];
  /** Timed rounds: each gives every configuration one (serial, pool) pair. Not used with a time budget. */
  repeat: number;
  /** Default 'both'. */
  scope?: BenchmarkScopeChoice;
  /**
   * Adaptive mode when set: rounds go on until every speedup's 95% interval is within ±3% (and has 5
   * pairs) or this many seconds are spent; `repeat` is then not used. Default null (fixed mode).
   */
  timeBudgetSeconds?: number | null;
  /** The kernels every contender runs (default DEFAULT_KERNELS, shared/kernels.ts). */
  kernels?: KernelChoice;
  /**
   * Worker threads (default) or child processes for every pool run (shared/pools.ts). Processes share no
   * memory: their one transport is 'copy', and a request with another is refused with the engine's reason.
   */
  pool?: PoolKind;
}

/** One task of the pool on one worker: a bar on that worker's lane of the timeline. */
export interface TaskSpan {
  /** Which configuration (index into the run list: "2 workers, shared"; "job: 2 workers, shared"). */
  run: string;
  /** The scope the task was timed in. */
  scope: BenchmarkScope;
  /** The configuration's worker count, transport and schedule (to match it with the report's runs). */
  workers: number;
  transport: Transport;
  schedule: BenchmarkSchedule;
  /** Which timed repetition of the configuration, from 0. */
  round: number;
  workerId: number;
  /** Index of the image in the request (colours the bar). */
  imageIndex: number;
  /** Milliseconds since the job started. */
  startMs: number;
  endMs: number;
  bytes: number;
}

/** The figures of one benchmark run, the same in the engine's report and in the UI's view of it. */
export interface BenchmarkRunFigures {
  /** filter: decoded pixels in, filtered pixels out. job: file bytes in, encoded bytes out. */
  scope: BenchmarkScope;
  mode: BenchmarkMode;
  /** The pool's workers; 1 for serial; for the sharp script, the files it works on at once. */
  workers: number;
  /** null for the serial baseline, which moves no pixels, and for the sharp script. */
  transport: Transport | null;
  /** How the pool spread the images (BenchmarkSchedule); null for serial and the sharp script. */
  schedule: BenchmarkSchedule | null;
  /** The kernels that ran ('js' when WebAssembly was asked for and could not run); null for the sharp script. */
  kernels: KernelChoice | null;
  /** Median over the samples, all images (see scope). */
  medianMs: number;
  megapixelsPerSecond: number;
  /** Median of the per-pair speedups (serial ms / pool or script ms of adjacent runs); 1 for serial. */
  speedup: number;
  /** 95% bootstrap confidence interval of `speedup`, [low, high]; [1, 1] for serial (the reference, exact by definition). */
  speedupCI: [number, number];
  /** speedup / workers (for the sharp script, per file at once: sharp's own threads are not counted). */
  efficiency: number;
  /** Every timed sample, ms, in the order taken. Serial: one per pair of every configuration of its scope. */
  samplesMs: number[];
  /** Coefficient of variation of samplesMs (sample standard deviation / mean; 0.05 = 5%). */
  cv: number;
  minMs: number;
  maxMs: number;
  /** Tukey outliers (beyond 1.5 IQR), counted, not removed: among the per-pair speedups for a pool or script run, among samplesMs for serial. */
  outliers: number;
  /** Pairs measured (pool, script); samples (serial). */
  pairs: number;
  /** Plain words on why a figure of this run should not be trusted; empty when none. */
  warnings: string[];
}

/** One job pool run against the sharp script at its fastest (engine/benchmark/script-comparison.ts says why). */
export interface BenchmarkScriptComparison {
  workers: number;
  transport: Transport;
  schedule: BenchmarkSchedule;
  /** Files the script ran at once in the run compared with: its fastest run. */
  scriptAtOnce: number;
  /**
   * The pool run's time / the script's: per round, the script's pair speedup / the pool's (each over
   * the serial run beside it, so drift cancels), median over the rounds. Above 1: PixelPool is slower.
   */
  timeRatio: number;
  /** 95% bootstrap interval of timeRatio. */
  timeRatioCI: [number, number];
}

/**
 * The sharp script the whole job is compared with: what users write instead of PixelPool for a lone
 * gaussian-blur or sobel (sharp alone, several files at a time). The same in the report and its view.
 */
export interface BenchmarkScriptReference {
  /** sharp's operation, e.g. "blur(3)" or "convolve(3x3 Sobel x)". */
  operation: string;
  /** What each file goes through, e.g. "sharp(bytes).rotate().blur(3).jpeg({ quality: 80 }).toBuffer()". */
  call: string;
  /** The whole script, as a user would save it, and how many lines it has. */
  script: string;
  lines: number;
  /** Every job pool run against the script at its worker count. */
  comparisons: BenchmarkScriptComparison[];
  /** The verdict in one sentence: "PixelPool takes 1.30x the time of a 12-line sharp script on these images …". */
  summary: string;
}

export interface BenchmarkRunView extends BenchmarkRunFigures {
  /**
   * Time split of the median sample, ms, summed over threads (fields the engine did not measure are
   * absent). job scope: decode and encode are part of the run; idle is worker time not spent computing.
   */
  split: Partial<Record<'decode' | 'dispatch' | 'compute' | 'reassemble' | 'encode' | 'idle', number>>;
  /** Share of the run each worker spent computing, 0..1, by worker index. */
  busyShare: number[];
}

/** Amdahl's serial fraction fitted to one scope's pool runs. */
export interface BenchmarkAmdahlView {
  serialFraction: number;
  /** 95% interval of serialFraction. */
  serialFractionCI: [number, number];
  transport: Transport | null;
  /** false when the machine, not the pipeline, shaped the speedups: do not present f as the pipeline's. */
  trusted: boolean;
  /** Why not trusted, or what was left out of the fit; null when nothing. */
  note: string | null;
}

export interface BenchmarkReportView {
  createdAt: string;
  machine: { cpuModel: string; cores: number; nodeVersion: string; platform: string; arch: string };
  pipeline: PipelineStep[];
  images: { name: string; width: number; height: number; megapixels: number }[];
  /** Megapixels filtered per repetition (all images). */
  megapixels: number;
  /** The scopes measured. */
  scope: BenchmarkScopeChoice;
  /** The filter scope's runs, then the job scope's (each: serial, then the pools). */
  runs: BenchmarkRunView[];
  /** Serial fraction fitted by Amdahl's law over the filter scope's pool runs (null when it cannot be fitted). */
  amdahl: BenchmarkAmdahlView | null;
  /** The same fit over the job scope's pool runs. */
  jobAmdahl: BenchmarkAmdahlView | null;
  /** Plain words on the whole run (a busy machine, the time budget); empty when none. */
  warnings: string[];
  /** The kernels that ran: 'js' when WebAssembly was asked for and any run could not use it. */
  kernels: KernelChoice;
  /** Why the JS kernels ran although WebAssembly was asked for; absent when they did not. */
  kernelsFallback?: string;
  /** What every pool's workers were: threads or child processes. */
  pool: PoolKind;
  /** The sharp script the whole job is compared with; null without the job scope or without a script. */
  jobReference: BenchmarkScriptReference | null;
  /** Why the job scope has no sharp script to compare with; null when it has one or was not measured. */
  jobReferenceMissing: string | null;
  /** The engine's full report, exactly as `pixelpool bench --json` prints it (for export). */
  raw: unknown;
}

export interface ExportBenchmarkRequest {
  jobId: string;
  format: 'json' | 'csv';
}
export interface ExportBenchmarkResult {
  fileName: string;
  mime: string;
  text: string;
}

// --- Batch

export interface StartBatchRequest {
  imageIds: string[];
  steps: PipelineStep[];
  outDir: string;
  format: OutputFormatChoice;
  /** 1..100, for lossy formats. */
  quality: number;
  /** Each input's EXIF, XMP, IPTC, profile and density in its output; default 'keep' (shared/metadata.ts). */
  metadata?: MetadataMode;
  /** With 'keep': no GPS location in the outputs. Default false. */
  stripGps?: boolean;
  /** Mirror the images' folders under outDir ({dir} in front of namePattern). Default false. */
  keepFolders?: boolean;
  /** `{name}`, `{index}`, `{ext}` placeholders, e.g. "{name}-edited.{ext}". */
  namePattern: string;
  onConflict: ConflictPolicy;
  /** Pool size; 0 runs the serial path (one thread). */
  workers: number;
  /** Which kernels filter; default DEFAULT_KERNELS. The summary says which ran. */
  kernels?: KernelChoice;
  /** How images are spread over the workers; default DEFAULT_SCHEDULE. Not used by the serial path. */
  schedule?: Schedule;
  /** Worker threads (default) or child processes (shared/pools.ts). Not used by the serial path. */
  pool?: PoolKind;
  /**
   * Run the images on worker hosts (`pixelpool worker`) through the queue at this Redis (redis:// or
   * rediss://, docs/distributed.md) instead of this machine's pool; workers, pool and schedule are then
   * the hosts' own. A URL without a password uses the one given for it earlier this session, if any.
   * In a job snapshot it is shown without its password.
   */
  redisUrl?: string;
}

/**
 * The engine reports 'running' to 'failed'; 'queued' and 'cancelled' are the service's, which lists
 * the files before the engine starts and marks those the engine never finished.
 */
export type BatchFileState = 'queued' | 'running' | 'done' | 'skipped' | 'failed' | 'cancelled';

/** What is known of one file of a batch. The engine's file events carry it too, with fewer states. */
export interface BatchFileReport<State extends BatchFileState = BatchFileState> {
  /** Position in the batch's file list. */
  index: number;
  /** Absolute path of the input. */
  input: string;
  state: State;
  /** Where it was written (done) or would have been (skipped). */
  output: string | null;
  error: string | null;
  ms: number | null;
  bytes: number | null;
}

export interface BatchFileStatus extends BatchFileReport {
  imageId: string;
  name: string;
}

export interface BatchStats {
  /** Files written. */
  done: number;
  failed: number;
  skipped: number;
  total: number;
  elapsedMs: number;
  /** Files finished (written, failed or skipped) per second so far. */
  rate: number;
  /** Estimated time left, ms (null before the first file finishes). */
  etaMs: number | null;
  /**
   * A batch on worker hosts: how many listen on its queue now (0: the batch waits for one); absent for a
   * local batch, or when Redis does not say (an ACL without CLIENT LIST).
   */
  workerHosts?: number;
}

/**
 * A file a batch wrote. Its position in `BatchSummary.outputs` is the index a host's download names it by
 * (host-wiring.ts, `downloadPath`): the client never names a path.
 */
export interface BatchOutputFile {
  /** Position of its input in the batch's file list (`BatchFileStatus.index`). */
  file: number;
  /** The output's file name (no folder). */
  name: string;
  bytes: number;
}

export interface BatchSummary extends BatchStats {
  outDir: string;
  cancelled: boolean;
  /** Every file written, in the batch's file order (a cancelled batch: those written before the stop). */
  outputs: BatchOutputFile[];
  failures: { name: string; error: string }[];
  /** The kernels that filtered: 'js' when WebAssembly was asked for and could not run. */
  kernels: KernelChoice;
  /** Why WebAssembly did not run although it was asked for (a sentence); absent when it did, or was not asked for. */
  kernelsFallback?: string;
  /** What the workers were: threads or child processes; null for the serial path (no pool) and worker hosts. */
  pool: PoolKind | null;
  /** A batch on worker hosts: the images and megapixels each host ran (by its --name), in the order they first reported. */
  hosts?: { name: string; images: number; megapixels: number }[];
}

// --- Lab (docs/lab.md): one experiment per multiprocessing idea, on the user's photos. The requests and
// results are declared with each experiment's words, in shared/lab/.

// ---------------------------------------------------------------------------------------------
// Settings (persisted as JSON in a folder the host gives)

export interface Settings {
  pipeline: PipelineStep[];
  benchmark: {
    workers: number[];
    transports: Transport[];
    repeat: number;
    scope: BenchmarkScopeChoice;
    /** null: fixed mode (repeat); a number: adaptive mode with this budget. */
    timeBudgetSeconds: number | null;
    kernels: KernelChoice;
    pool: PoolKind;
  };
  batch: {
    outDir: string;
    format: OutputFormatChoice;
    quality: number;
    metadata: MetadataMode;
    stripGps: boolean;
    namePattern: string;
    keepFolders: boolean;
    onConflict: ConflictPolicy;
    workers: number;
    kernels: KernelChoice;
    schedule: Schedule;
    pool: PoolKind;
    /** Where a batch runs: this machine's pool, or worker hosts through a Redis queue. */
    runOn: BatchRunOn;
    /** The Redis of 'queue', without its password: that is never saved (docs/security.md). '' until given. */
    redisUrl: string;
  };
}

export type BatchRunOn = 'local' | 'queue';
export const BATCH_RUN_ON = ['local', 'queue'] as const satisfies readonly BatchRunOn[];

/** Batch settings a save may leave out: added after the first settings files, or not shown by every form. */
type BatchOptional =
  | 'kernels'
  | 'schedule'
  | 'pool'
  | 'metadata'
  | 'stripGps'
  | 'keepFolders'
  | 'runOn'
  | 'redisUrl';

/**
 * Any top-level part of the settings. The benchmark's scope, time budget, kernels and pool, and the
 * batch's kernels, schedule, pool, metadata, folders and where it runs, may be left out (a form that does not show them, an older settings
 * file): they keep their saved values.
 */
export type SaveSettingsRequest = Partial<Omit<Settings, 'benchmark' | 'batch'>> & {
  benchmark?: Omit<Settings['benchmark'], 'scope' | 'timeBudgetSeconds' | 'kernels' | 'pool'> &
    Partial<Pick<Settings['benchmark'], 'scope' | 'timeBudgetSeconds' | 'kernels' | 'pool'>>;
  batch?: Omit<Settings['batch'], BatchOptional> & Partial<Pick<Settings['batch'], BatchOptional>>;
};

// ---------------------------------------------------------------------------------------------
// Host dialogs

export interface ChooseFolderResult {
  /** null when the user cancelled. */
  path: string | null;
}
export interface OpenPathRequest {
  /** A folder to show in the OS file manager (only existing folders are opened). */
  path: string;
}

// ---------------------------------------------------------------------------------------------
// The API

/** Method name -> [request, response]. `undefined` requests take no argument. */
export interface ApiMethodMap {
  getCatalog: [undefined, Catalog];
  getCapabilities: [undefined, Capabilities];
  addPaths: [AddPathsRequest, AddPathsResult];
  listImages: [undefined, ImageEntry[]];
  removeImages: [RemoveImagesRequest, RemoveImagesResult];
  clearImages: [undefined, RemoveImagesResult];
  validatePipeline: [PipelineRequest, ValidatePipelineResult];
  renderPreview: [RenderPreviewRequest, RenderPreviewResult];
  parsePreset: [ParsePresetRequest, ParsePresetResult];
  formatPreset: [FormatPresetRequest, FormatPresetResult];
  listPresets: [undefined, ListPresetsResult];
  savePreset: [SavePresetRequest, PresetEntry];
  deletePreset: [DeletePresetRequest, null];
  startBenchmark: [StartBenchmarkRequest, JobStartResult];
  exportBenchmark: [ExportBenchmarkRequest, ExportBenchmarkResult];
  startBatch: [StartBatchRequest, JobStartResult];
  /** Starts a lab experiment as a job ('lab-progress' events, then 'lab-done' with its result). */
  startLab: [StartLabRequest, JobStartResult];
  cancelJob: [CancelJobRequest, CancelJobResult];
  listJobs: [undefined, JobSummary[]];
  getJob: [GetJobRequest, JobSnapshot];
  getSettings: [undefined, Settings];
  saveSettings: [SaveSettingsRequest, Settings];
  /** Native dialog, then addPaths on the chosen files. Fails with 'unavailable' on the web host. */
  openFiles: [undefined, AddPathsResult];
  /** Native dialog, then addPaths on the chosen folder. Fails with 'unavailable' on the web host. */
  openFolder: [undefined, AddPathsResult];
  chooseFolder: [undefined, ChooseFolderResult];
  openPath: [OpenPathRequest, null];
}

export type ApiMethod = keyof ApiMethodMap;
export type ApiRequest<M extends ApiMethod> = ApiMethodMap[M][0];
export type ApiResult<M extends ApiMethod> = ApiMethodMap[M][1];

export const API_METHODS = [
  'getCatalog',
  'getCapabilities',
  'addPaths',
  'listImages',
  'removeImages',
  'clearImages',
  'validatePipeline',
  'renderPreview',
  'parsePreset',
  'formatPreset',
  'listPresets',
  'savePreset',
  'deletePreset',
  'startBenchmark',
  'exportBenchmark',
  'startBatch',
  'startLab',
  'cancelJob',
  'listJobs',
  'getJob',
  'getSettings',
  'saveSettings',
  'openFiles',
  'openFolder',
  'chooseFolder',
  'openPath',
] as const satisfies readonly ApiMethod[];

// Compile-time check that API_METHODS lists every method of ApiMethodMap.
type AssertTrue<T extends true> = T;
export type ApiMethodsListed = AssertTrue<
  [Exclude<ApiMethod, (typeof API_METHODS)[number]>] extends [never] ? true : false
>;

/** The typed API as the renderer uses it. Rejections are `ApiCallError`-shaped Errors. */
export type PixelPoolApi = {
  [M in ApiMethod]: ApiRequest<M> extends undefined
    ? () => Promise<ApiResult<M>>
    : (request: ApiRequest<M>) => Promise<ApiResult<M>>;
} & {
  /** Subscribes to every event; returns the unsubscribe function. */
  onEvent(listener: (event: PixelPoolEvent) => void): () => void;
};

// ---------------------------------------------------------------------------------------------
// Errors and the wire envelope

export type ApiErrorCode =
  /** The method name is not part of the API. */
  | 'unknown-method'
  /** The payload failed schema validation (message says which field and why). */
  | 'bad-request'
  /** An id (image, job) that does not exist. */
  | 'not-found'
  /** A pipeline step names an unknown filter or a parameter out of range. */
  | 'invalid-pipeline'
  /** An image could not be read. */
  | 'image-error'
  /** The request was superseded (a newer preview of the same image) or its job cancelled. */
  | 'cancelled'
  /** The host does not offer this (e.g. native dialogs on the web host). */
  | 'unavailable'
  /** Too many images, uploads too large, too many jobs at once. */
  | 'limit'
  | 'internal';

export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

export type ApiResponse<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The Error the bridge throws for `{ ok: false }` responses. */
export interface ApiCallError extends Error {
  code: ApiErrorCode;
  method: ApiMethod;
}

// ---------------------------------------------------------------------------------------------
// Events (main -> renderer)

export type PixelPoolEvent =
  /** A job was created, finished, failed or was cancelled. */
  | { type: 'job-state'; job: JobSummary }
  | { type: 'benchmark-progress'; jobId: string; progress: JobProgress }
  /** Task spans since the previous event (batched, at most a few events per second). */
  | { type: 'benchmark-tasks'; jobId: string; tasks: TaskSpan[] }
  | { type: 'benchmark-done'; jobId: string; report: BenchmarkReportView }
  | { type: 'batch-progress'; jobId: string; stats: BatchStats }
  | { type: 'batch-file'; jobId: string; file: BatchFileStatus }
  | { type: 'batch-done'; jobId: string; summary: BatchSummary }
  | { type: 'lab-progress'; jobId: string; progress: JobProgress }
  | { type: 'lab-done'; jobId: string; result: LabResult }
  | { type: 'job-error'; jobId: string; kind: JobKind; message: string }
  /** The image list changed outside the renderer's own call (another window, a dialog). */
  | { type: 'images-changed'; images: ImageEntry[] };

export type PixelPoolEventType = PixelPoolEvent['type'];
