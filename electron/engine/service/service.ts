import { availableParallelism, platform } from 'node:os';
import type {
  AddPathsRequest,
  AddPathsResult,
  Capabilities,
  Catalog,
  ChooseFolderResult,
  HostKind,
  ImageEntry,
  JobSnapshot,
  JobStartResult,
  JobSummary,
  PixelPoolEvent,
  RemoveImagesResult,
  Settings,
} from '../../api';
import type { ApiHandlers } from './dispatch';
import { ServiceError } from './errors';
import { LIMITS } from './limits';
import { type MediaItem, MediaStore } from './media-store';
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
  mediaCacheBytes?: number;
}

/**
 * PixelPoolApi implemented on the engine. One instance per host process: it owns the image list,
 * the media cache, the settings, the jobs (DESIGN.md's Manager: job state lives here and a
 * reloaded renderer reads it back) and one long-lived FilterPool, shut down by dispose().
 */
export class PixelPoolService implements ApiHandlers {
  readonly host: HostKind;
  readonly media: MediaStore;
  private readonly options: ServiceOptions;
  private readonly cores: number;
  private readonly settings: SettingsStore;
  private readonly listeners = new Set<(event: PixelPoolEvent) => void>();
  private disposed = false;

  constructor(options: ServiceOptions) {
    this.options = options;
    this.host = options.host;
    this.cores = Math.max(1, availableParallelism());
    this.media = new MediaStore(options.mediaCacheBytes ?? LIMITS.mediaCacheBytes);
    this.settings = new SettingsStore(options.settingsDir, defaultSettings(this.cores));
  }

  /** Subscribes to every event the service emits (hosts forward them to their renderers). */
  onEvent(listener: (event: PixelPoolEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Bytes and MIME type of a media key, for the host that serves them. */
  getMedia(key: string): MediaItem | undefined {
    return this.media.get(key);
  }

  /** Cancels running jobs, shuts the pool down and frees the media. Safe to call twice. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.listeners.clear();
    this.media.clear();
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
    return { categories: [], filters: [] };
  }

  async getCapabilities(): Promise<Capabilities> {
    const d = this.options.dialogs;
    return {
      host: this.host,
      version: this.options.version ?? '0.0.0',
      platform: platform(),
      cores: this.cores,
      defaultWorkers: this.options.poolSize ?? this.cores,
      maxWorkers: LIMITS.maxWorkers,
      transports: ['copy', 'transfer', 'shared'],
      defaultTransport: 'shared',
      formats: ['jpeg', 'png', 'webp', 'avif'],
      dialogs: {
        openFiles: Boolean(d?.openFiles),
        openFolder: Boolean(d?.openFolder),
        chooseFolder: Boolean(d?.chooseFolder),
        openPath: Boolean(d?.openPath),
      },
      upload: this.options.upload ?? null,
      limits: {
        maxImages: LIMITS.maxImages,
        maxSteps: LIMITS.maxSteps,
        maxRepeat: LIMITS.maxRepeat,
        previewMaxSize: LIMITS.maxPreviewSize,
      },
    };
  }

  async addPaths(_request: AddPathsRequest): Promise<AddPathsResult> {
    throw notYet('addPaths');
  }

  async listImages(): Promise<ImageEntry[]> {
    return [];
  }

  async removeImages(): Promise<RemoveImagesResult> {
    return { removed: 0 };
  }

  async clearImages(): Promise<RemoveImagesResult> {
    return { removed: 0 };
  }

  async validatePipeline(): Promise<never> {
    throw notYet('validatePipeline');
  }

  async renderPreview(): Promise<never> {
    throw notYet('renderPreview');
  }

  async parsePreset(): Promise<never> {
    throw notYet('parsePreset');
  }

  async formatPreset(): Promise<never> {
    throw notYet('formatPreset');
  }

  async startBenchmark(): Promise<JobStartResult> {
    throw notYet('startBenchmark');
  }

  async exportBenchmark(): Promise<never> {
    throw notYet('exportBenchmark');
  }

  async startBatch(): Promise<JobStartResult> {
    throw notYet('startBatch');
  }

  async cancelJob(): Promise<{ cancelled: boolean }> {
    return { cancelled: false };
  }

  async listJobs(): Promise<JobSummary[]> {
    return [];
  }

  async getJob(): Promise<JobSnapshot> {
    throw new ServiceError('not-found', 'No such job');
  }

  async getSettings(): Promise<Settings> {
    return this.settings.get();
  }

  async saveSettings(patch: Partial<Settings>): Promise<Settings> {
    return this.settings.save(patch);
  }

  async openFiles(): Promise<AddPathsResult> {
    const paths = await this.dialog('openFiles').openFiles?.();
    if (!paths || paths.length === 0) return { added: [], rejected: [], duplicates: 0, ignored: 0 };
    return this.addPaths({ paths });
  }

  async openFolder(): Promise<AddPathsResult> {
    const paths = await this.dialog('openFolder').openFolder?.();
    if (!paths || paths.length === 0) return { added: [], rejected: [], duplicates: 0, ignored: 0 };
    return this.addPaths({ paths });
  }

  async chooseFolder(): Promise<ChooseFolderResult> {
    const path = await this.dialog('chooseFolder').chooseFolder?.();
    return { path: path ?? null };
  }

  async openPath(): Promise<null> {
    throw notYet('openPath');
  }

  private dialog(name: keyof HostDialogs): HostDialogs {
    const dialogs = this.options.dialogs;
    if (!dialogs?.[name]) throw new ServiceError('unavailable', `This host has no ${name} dialog`);
    return dialogs;
  }
}

function notYet(method: string): ServiceError {
  return new ServiceError('unavailable', `${method} is not implemented yet`);
}
