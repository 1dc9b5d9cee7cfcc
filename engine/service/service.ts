import { realpath, stat } from 'node:fs/promises';
import { availableParallelism, platform } from 'node:os';
import { basename, isAbsolute, resolve } from 'node:path';
import type {
  AddPathsRequest,
  AddPathsResult,
  Capabilities,
  Catalog,
  ChooseFolderResult,
  DeletePresetRequest,
  ExportBenchmarkRequest,
  ExportBenchmarkResult,
  FormatPresetRequest,
  FormatPresetResult,
  HostKind,
  ImageEntry,
  JobSnapshot,
  JobStartResult,
  JobSummary,
  ListPresetsResult,
  OpenPathRequest,
  ParsePresetRequest,
  ParsePresetResult,
  PipelineRequest,
  PixelPoolEvent,
  PresetEntry,
  RemoveImagesRequest,
  RemoveImagesResult,
  RenderPreviewRequest,
  RenderPreviewResult,
  SavePresetRequest,
  SaveSettingsRequest,
  Settings,
  StartBatchRequest,
  StartBenchmarkRequest,
  StartLabRequest,
  ValidatePipelineResult,
} from '../../shared/contract';
import { LAB_INPUTS, type LabExperiment } from '../../shared/lab';
import { DIR_TOKEN } from '../../shared/naming';
import { DEFAULT_POOL_KIND, type PoolKind } from '../../shared/pools';
import { withoutPassword } from '../../shared/redis-url';
import { PipelineError } from '../../workers/filters/index';
import { pipelineRadius } from '../../workers/pipeline';
import { parseRedisUrl } from '../distributed/redis-url';
import { checkFiltersOnly, filledSteps, resolveEdit } from '../edit/plan';
import { OUTPUT_FORMATS } from '../images/index';
import { serializePreset } from '../pipeline-spec';
import { checkTransport, DEFAULT_TRANSPORT, FilterPool, type SlotSpawner, TRANSPORTS } from '../pool/index';
import { parsePreset } from '../preset';
import { defaultPresetsDir } from '../presets/location';
import { PresetError, PresetStore } from '../presets/store';
import { startBatchJob } from './batch-job';
import { type DownloadFile, downloadFile, type WrittenFile } from './batch-outputs';
import { exportBenchmark, startBenchmarkJob } from './benchmark-job';
import { buildCatalog } from './catalog';
import type { ApiHandlers } from './dispatch';
import { ServiceError } from './errors';
import { ImageLibrary } from './image-library';
import { JobManager } from './jobs';
import { type LabImage, startLabJob } from './lab-job';
import { LIMITS } from './limits';
import { type MediaItem, MediaStore } from './media-store';
import { PreviewRenderer } from './preview';
import { RedisPasswords } from './redis-passwords';
import { findSampleDir, samplePhotos } from './samples';
import { defaultSettings, SettingsStore } from './settings-store';

/** Native dialogs a host may offer. The web host offers none; the UI then shows text fields. */
export interface HostDialogs {
  /** Image files the user picked ([] when cancelled). */
  openFiles?(): Promise<string[]>;
  /** Folders the user picked ([] when cancelled). */
  openFolder?(): Promise<string[]>;
  /** An output folder (null when cancelled). */
  chooseFolder?(): Promise<string | null>;
  /** Shows a folder in the OS file manager. */
  openPath?(path: string): Promise<void>;
}

export interface ServiceOptions {
  host: HostKind;
  /** Folder for settings.json; null keeps settings in memory only (tests). */
  settingsDir: string | null;
  dialogs?: HostDialogs;
  /** Pool size (default: the number of cores). */
  poolSize?: number;
  /** App version shown in the UI. */
  version?: string;
  /** Web host only: upload limits the UI should know about. */
  upload?: { maxFileBytes: number; maxTotalBytes: number } | null;
  /**
   * The host hands the files a batch wrote to its client (the web host's downloads): batchDownload and
   * batchDownloadFile answer, and the capabilities say so. Default false.
   */
  downloads?: boolean;
  mediaCacheBytes?: number;
  /**
   * Folder of the sample photos the Lab runs on when the library is empty (default: assets/photos, found
   * by findSampleDir); null: none.
   */
  sampleDir?: string | null;
  /** Folder of the named presets (default: defaultPresetsDir(), the one the CLI reads); null: none (tests). */
  presetsDir?: string | null;
  /**
   * How a pool of processes starts each one: default `child_process.fork` of node (the CLI, the web
   * host). The Electron shell gives its utilityProcess one (electron/main/utility-slot.ts): with the
   * runAsNode fuse off, the app's binary cannot be forked as node.
   */
  processSpawner?: SlotSpawner;
}

/**
 * PixelPoolApi implemented on the engine. One instance per host process: it owns the image list,
 * the media cache, the settings, the jobs (the multiprocessing Manager: job state lives here and a
 * reloaded renderer reads it back; docs/architecture.md, "Processes and data flow") and the long-lived
 * FilterPools, one per kind asked for (threads for previews and batches; processes only once a batch
 * asks for them), all shut down by dispose().
 */
export class PixelPoolService implements ApiHandlers {
  readonly host: HostKind;
  /** Thumbnails, previews and their decoded inputs, under one byte budget. */
  private readonly media: MediaStore;
  private readonly options: ServiceOptions;
  private readonly cores: number;
  private readonly poolSize: number;
  private readonly settings: SettingsStore;
  private readonly presets: PresetStore | null;
  private readonly images: ImageLibrary;
  private readonly previews: PreviewRenderer;
  private readonly jobs: JobManager;
  private readonly listeners = new Set<(event: PixelPoolEvent) => void>();
  /** Output folders of the batches this service started: the only folders openPath shows. */
  private readonly outputFolders = new Set<string>();
  /** The long-lived pools by kind, each started on first use. */
  private readonly poolPromises = new Map<PoolKind, Promise<FilterPool>>();
  /** Passwords of the Redis servers batches went to this session (never saved). */
  private readonly redisPasswords = new RedisPasswords();
  private disposed = false;

  constructor(options: ServiceOptions) {
    this.options = options;
    this.host = options.host;
    const presetsDir = options.presetsDir === undefined ? defaultPresetsDir() : options.presetsDir;
    this.presets = presetsDir === null ? null : new PresetStore(presetsDir);
    this.cores = Math.max(1, availableParallelism());
    this.poolSize = options.poolSize ?? this.cores;
    this.media = new MediaStore(options.mediaCacheBytes ?? LIMITS.mediaCacheBytes);
    this.settings = new SettingsStore(options.settingsDir, defaultSettings(this.cores));
    this.images = new ImageLibrary(this.media);
    this.previews = new PreviewRenderer(this.media, () => this.pool());
    this.jobs = new JobManager((event) => this.emit(event));
  }

  /** Subscribes to every event the service emits (hosts forward them to their renderers). */
  onEvent(listener: (event: PixelPoolEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Bytes the media cache holds now (thumbnails, previews and their decoded inputs). */
  get cachedBytes(): number {
    return this.media.usedBytes;
  }

  /** Bytes and MIME type of a media key, for the host that serves them. */
  getMedia(key: string): MediaItem | undefined {
    return this.media.get(key);
  }

  /** Cancels running jobs and previews, shuts the pool down and frees the media. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.previews.cancelAll();
    await this.jobs.cancelAll();
    const pools = [...this.poolPromises.values()];
    this.poolPromises.clear();
    await Promise.all(pools.map((pool) => pool.then((p) => p.terminate()).catch(() => {})));
    this.listeners.clear();
    this.media.clear();
  }

  /**
   * The long-lived pool of that kind for previews (threads) and batches, started on first use. A second
   * kind is a second pool beside the first, not the first recreated: a preview can run on the threads
   * while a batch runs on the processes.
   */
  protected pool(kind: PoolKind = DEFAULT_POOL_KIND): Promise<FilterPool> {
    if (this.disposed) return Promise.reject(new ServiceError('unavailable', 'PixelPool is shutting down'));
    let pool = this.poolPromises.get(kind);
    if (!pool) {
      const starting = this.startPool(this.poolSize, kind);
      this.poolPromises.set(kind, starting);
      pool = starting;
      // A pool that failed to start is not cached: the next request tries again.
      starting.catch(() => {
        if (this.poolPromises.get(kind) === starting) this.poolPromises.delete(kind);
      });
    }
    return pool;
  }

  /** Starts a pool of that size and kind (the caller terminates it); processes with the host's spawner. */
  private startPool(size: number, kind: PoolKind): Promise<FilterPool> {
    return FilterPool.create({ size, pool: kind, processSpawner: this.options.processSpawner });
  }

  /** The worker pids of the live pools, by kind (for tests and diagnostics: what dispose must end). */
  async poolWorkerIds(): Promise<Partial<Record<PoolKind, number[]>>> {
    const ids: Partial<Record<PoolKind, number[]>> = {};
    for (const [kind, pool] of this.poolPromises) {
      const started = await pool.catch(() => null);
      if (started) ids[kind] = started.threadIds;
    }
    return ids;
  }

  protected emit(event: PixelPoolEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A host's failing listener must not stop the others or the job that emitted.
      }
    }
  }

  // --- API methods -------------------------------------------------------------------------

  async getCatalog(): Promise<Catalog> {
    return buildCatalog();
  }

  async getCapabilities(): Promise<Capabilities> {
    const d = this.options.dialogs;
    return {
      host: this.host,
      version: this.options.version ?? '0.0.0',
      platform: platform(),
      cores: this.cores,
      defaultWorkers: this.poolSize,
      maxWorkers: LIMITS.maxWorkers,
      transports: [...TRANSPORTS],
      defaultTransport: DEFAULT_TRANSPORT,
      formats: [...OUTPUT_FORMATS],
      dialogs: {
        openFiles: Boolean(d?.openFiles),
        openFolder: Boolean(d?.openFolder),
        chooseFolder: Boolean(d?.chooseFolder),
        openPath: Boolean(d?.openPath),
      },
      upload: this.options.upload ?? null,
      downloads: this.options.downloads === true,
      limits: {
        maxImages: LIMITS.maxImages,
        maxSteps: LIMITS.maxSteps,
        maxRepeat: LIMITS.maxRepeat,
      },
    };
  }

  async addPaths(request: AddPathsRequest): Promise<AddPathsResult> {
    const result = await this.images.add(request.paths);
    if (result.added.length > 0) this.emit({ type: 'images-changed', images: this.images.list() });
    return result;
  }

  async listImages(): Promise<ImageEntry[]> {
    return this.images.list();
  }

  async removeImages(request: RemoveImagesRequest): Promise<RemoveImagesResult> {
    for (const id of request.ids) this.previews.forget(id);
    const removed = this.images.remove(request.ids);
    if (removed > 0) this.emit({ type: 'images-changed', images: this.images.list() });
    return { removed };
  }

  async clearImages(): Promise<RemoveImagesResult> {
    return this.removeImages({ ids: this.images.list().map((image) => image.id) });
  }

  async validatePipeline(request: PipelineRequest): Promise<ValidatePipelineResult> {
    try {
      const edit = resolveEdit(request.steps);
      return { ok: true, steps: filledSteps(request.steps), radius: pipelineRadius(edit.filters) };
    } catch (error) {
      if (error instanceof PipelineError) {
        return { ok: false, error: error.message, stepIndex: error.stepIndex ?? null };
      }
      throw error;
    }
  }

  async renderPreview(request: RenderPreviewRequest): Promise<RenderPreviewResult> {
    const image = this.image(request.imageId);
    resolveEdit(request.steps);
    const { format, quality, metadata, stripGps } = (await this.settings.get()).batch;
    const result = await this.previews.render(image.id, image.path, request.steps, {
      format,
      quality,
      metadata,
      stripGps,
      ...request.output,
    });
    // Removed while its preview was made (perhaps before the render could be cancelled): keep nothing.
    if (!this.images.get(image.id)) {
      this.previews.forget(image.id);
      throw new ServiceError('cancelled', 'The image was removed while its preview was being made');
    }
    return result;
  }

  async parsePreset(request: ParsePresetRequest): Promise<ParsePresetResult> {
    let json: unknown;
    try {
      json = JSON.parse(request.json);
    } catch (error) {
      throw new ServiceError('bad-request', `Preset: not valid JSON (${(error as Error).message})`);
    }
    let preset: ReturnType<typeof parsePreset>;
    try {
      preset = parsePreset(json, 'Preset');
    } catch (error) {
      throw new ServiceError('invalid-pipeline', (error as Error).message);
    }
    if (preset.filters.length > LIMITS.maxSteps) {
      throw new ServiceError('limit', `Preset: more than ${LIMITS.maxSteps} steps`);
    }
    resolveEdit(preset.filters);
    return { steps: preset.filters, name: preset.name ?? null };
  }

  private presetStore(): PresetStore {
    if (!this.presets) throw new ServiceError('unavailable', 'This host keeps no named presets');
    return this.presets;
  }

  /** A bad name or a missing preset is the user's to fix; the store says which. */
  private async presetCall<T>(call: (store: PresetStore) => Promise<T>): Promise<T> {
    const store = this.presetStore();
    try {
      return await call(store);
    } catch (error) {
      if (error instanceof PresetError) throw new ServiceError('bad-request', error.message);
      throw error;
    }
  }

  async listPresets(): Promise<ListPresetsResult> {
    return this.presetCall(async (store) => ({ dir: store.dir, ...(await store.list()) }));
  }

  async savePreset(request: SavePresetRequest): Promise<PresetEntry> {
    resolveEdit(request.steps);
    return this.presetCall((store) => store.save(request.name, request.steps));
  }

  async deletePreset(request: DeletePresetRequest): Promise<null> {
    await this.presetCall((store) => store.remove(request.name));
    return null;
  }

  async formatPreset(request: FormatPresetRequest): Promise<FormatPresetResult> {
    resolveEdit(request.steps);
    const base = (request.name ?? 'pipeline')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    return {
      json: serializePreset(request.steps, request.name),
      fileName: `${base || 'pipeline'}.pixelpool.json`,
    };
  }

  async startBenchmark(request: StartBenchmarkRequest): Promise<JobStartResult> {
    const images = request.imageIds.map((id) => this.image(id));
    resolveEdit(request.steps);
    checkFiltersOnly(request.steps, 'the benchmark');
    // Refused here, with the engine's reason, rather than as a failed job: processes share no memory.
    for (const transport of request.transports) checkTransport(transport, request.pool ?? DEFAULT_POOL_KIND);
    const jobId = startBenchmarkJob(
      { jobs: this.jobs, emit: (event) => this.emit(event), processSpawner: this.options.processSpawner },
      request,
      images,
    );
    return { jobId };
  }

  async exportBenchmark(request: ExportBenchmarkRequest): Promise<ExportBenchmarkResult> {
    const record = this.jobs.get(request.jobId);
    if (record.kind !== 'benchmark')
      throw new ServiceError('bad-request', `Job ${request.jobId} is not a benchmark`);
    return exportBenchmark(record, request.format);
  }

  async startBatch(request: StartBatchRequest): Promise<JobStartResult> {
    const mirrors = request.keepFolders === true || request.namePattern.startsWith(DIR_TOKEN);
    if (mirrors && this.host === 'web') {
      // Uploads sit in numbered folders of the host's own: mirrored, they would come out as 1/, 2/, …
      throw new ServiceError(
        'bad-request',
        'Folders cannot be kept on the web host: a browser does not say which folder a dropped file came from',
      );
    }
    const images = request.imageIds.map((id) => this.image(id));
    resolveEdit(request.steps);
    if (!isAbsolute(request.outDir)) {
      throw new ServiceError(
        'bad-request',
        `The output folder must be an absolute path, got "${request.outDir}"`,
      );
    }
    this.outputFolders.add(resolve(request.outDir));
    // The job keeps (and a snapshot shows) the URL without its password; the password goes to the queue only.
    const queue =
      request.redisUrl === undefined
        ? undefined
        : parseRedisUrl(this.redisPasswords.resolve(request.redisUrl));
    const kept =
      request.redisUrl === undefined ? request : { ...request, redisUrl: withoutPassword(request.redisUrl) };
    const jobId = startBatchJob(
      {
        jobs: this.jobs,
        emit: (event) => this.emit(event),
        pool: (kind) => this.pool(kind),
        poolSize: this.poolSize,
        startPool: (size, kind) => this.startPool(size, kind),
      },
      kept,
      images,
      queue,
    );
    return { jobId };
  }

  async startLab(request: StartLabRequest): Promise<JobStartResult> {
    // Every experiment with a pipeline has it checked here, once, before a job starts.
    if ('steps' in request) {
      resolveEdit(request.steps);
      checkFiltersOnly(request.steps, 'the Lab');
    }
    // As for a batch on worker hosts: the job keeps (and a snapshot shows) the URL without its password.
    const machines = request.experiment === 'machines' ? request : undefined;
    const redis = machines && parseRedisUrl(this.redisPasswords.resolve(machines.redisUrl));
    const kept = machines ? { ...machines, redisUrl: withoutPassword(machines.redisUrl) } : request;
    const jobId = startLabJob(
      {
        jobs: this.jobs,
        emit: (event) => this.emit(event),
        cores: this.cores,
        processSpawner: this.options.processSpawner,
        redis,
      },
      kept,
      this.labImages(request.experiment, request.imageIds ?? []),
    );
    return { jobId };
  }

  /**
   * The photos an experiment runs on (as many as LAB_INPUTS says): the library images asked for, or with
   * none the sample photos (the Lab on an empty library).
   */
  private labImages(experiment: LabExperiment, imageIds: readonly string[]): LabImage[] {
    const inputs = LAB_INPUTS[experiment];
    if (inputs === 'none') return [];
    const chosen = inputs === 'one' ? imageIds.slice(0, 1) : imageIds;
    if (chosen.length > 0) {
      return chosen.map((id) => {
        const image = this.image(id);
        return { path: image.path, name: image.name, sample: false };
      });
    }
    const dir = this.options.sampleDir === undefined ? findSampleDir() : this.options.sampleDir;
    const paths = dir === null ? [] : samplePhotos(dir);
    if (paths.length === 0) {
      throw new ServiceError(
        'not-found',
        'No image to run on: add one on the Images panel (the sample photos are not part of this installation)',
      );
    }
    return (inputs === 'one' ? paths.slice(0, 1) : paths).map((path) => ({
      path,
      name: basename(path),
      sample: true,
    }));
  }

  async cancelJob(request: { jobId: string }): Promise<{ cancelled: boolean }> {
    return { cancelled: this.jobs.cancel(request.jobId) };
  }

  async listJobs(): Promise<JobSummary[]> {
    return this.jobs.list();
  }

  async getJob(request: { jobId: string }): Promise<JobSnapshot> {
    return this.jobs.snapshot(request.jobId);
  }

  /**
   * Every file a finished (or cancelled) batch of this service wrote, for the host to send as one .zip,
   * and the zip's name (the output folder's). Not an API method: the web host calls it for
   * GET /download/<jobId>/zip after checking the token and the request (downloadSchemas).
   */
  async batchDownload(request: { jobId: string }): Promise<{ zipName: string; files: DownloadFile[] }> {
    const { written, outDir } = this.finishedBatch(request.jobId);
    if (written.length === 0) {
      throw new ServiceError(
        'not-found',
        `Batch ${request.jobId} wrote no file: there is nothing to download`,
      );
    }
    const files = await Promise.all(written.map((file) => downloadFile(file, outDir)));
    return { zipName: `${basename(outDir) || 'pixelpool-batch'}.zip`, files };
  }

  /**
   * One file a finished batch wrote, by its position in the summary's `outputs`: never by a path, so no
   * request can reach a file the batch did not write.
   */
  async batchDownloadFile(request: { jobId: string; index: number }): Promise<DownloadFile> {
    const { written, outDir } = this.finishedBatch(request.jobId);
    const file = written[request.index];
    if (!file) {
      const count = written.length;
      throw new ServiceError(
        'not-found',
        count === 0
          ? `Batch ${request.jobId} wrote no file, so it has no output ${request.index}`
          : `Batch ${request.jobId} has no output ${request.index}: it wrote ${count} file${count === 1 ? '' : 's'}, numbered 0 to ${count - 1}`,
      );
    }
    return downloadFile(file, outDir);
  }

  /** The written files of a batch that is over; a clear not-found or unavailable error for anything else. */
  private finishedBatch(jobId: string): { written: WrittenFile[]; outDir: string } {
    if (this.options.downloads !== true) {
      throw new ServiceError(
        'unavailable',
        'This host does not serve downloads: open the output folder instead',
      );
    }
    const record = this.jobs.find(jobId);
    if (!record) {
      throw new ServiceError(
        'not-found',
        `No batch with id ${jobId}: it may be older than the last ${LIMITS.keptJobs} jobs, or from before the host restarted`,
      );
    }
    if (record.kind !== 'batch') {
      throw new ServiceError('not-found', `Job ${jobId} is a ${record.kind}, not a batch: it wrote no files`);
    }
    if (record.job.state === 'running') {
      throw new ServiceError(
        'unavailable',
        `Batch ${jobId} is still running: its files can be downloaded once it ends`,
      );
    }
    const result = record.result;
    if (!result) {
      const why = record.job.error ? ` (it failed: ${record.job.error})` : '';
      throw new ServiceError('not-found', `Batch ${jobId} wrote no file${why}`);
    }
    return { written: record.written, outDir: result.outDir };
  }

  async getSettings(): Promise<Settings> {
    return this.settings.get();
  }

  async saveSettings(patch: SaveSettingsRequest): Promise<Settings> {
    return this.settings.save(patch);
  }

  async openFiles(): Promise<AddPathsResult> {
    return this.addChosen(await this.dialog('openFiles').openFiles?.());
  }

  async openFolder(): Promise<AddPathsResult> {
    return this.addChosen(await this.dialog('openFolder').openFolder?.());
  }

  async chooseFolder(): Promise<ChooseFolderResult> {
    const path = await this.dialog('chooseFolder').chooseFolder?.();
    return { path: path ?? null };
  }

  /**
   * Shows a batch's output folder in the file manager, and nothing else: the renderer must not be
   * able to make the OS open (and so possibly run) a file, or a folder that is a program (a macOS
   * `.app` bundle is a folder).
   */
  async openPath(request: OpenPathRequest): Promise<null> {
    const dialogs = this.dialog('openPath');
    if (!isAbsolute(request.path))
      throw new ServiceError('bad-request', 'openPath needs an absolute folder path');
    const info = await stat(request.path).catch(() => null);
    if (!info?.isDirectory())
      throw new ServiceError('not-found', `${request.path} is not an existing folder`);
    const real = await realpath(request.path);
    const known = await Promise.all([...this.outputFolders].map((dir) => realpath(dir).catch(() => dir)));
    if (!known.includes(real)) {
      throw new ServiceError(
        'bad-request',
        `${request.path} is not the output folder of a batch: PixelPool opens only those`,
      );
    }
    await dialogs.openPath?.(real);
    return null;
  }

  /** Adds the paths a dialog returned; nothing when the user cancelled it. */
  private async addChosen(paths: string[] | undefined): Promise<AddPathsResult> {
    if (!paths || paths.length === 0) return { added: [], rejected: [], duplicates: [], ignored: 0 };
    return this.addPaths({ paths });
  }

  private image(id: string): ImageEntry {
    const image = this.images.get(id);
    if (!image) throw new ServiceError('not-found', `No image with id ${id} (it may have been removed)`);
    return image;
  }

  private dialog(name: keyof HostDialogs): HostDialogs {
    const dialogs = this.options.dialogs;
    if (!dialogs?.[name]) throw new ServiceError('unavailable', `This host has no ${name} dialog`);
    return dialogs;
  }
}
