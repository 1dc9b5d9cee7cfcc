import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SaveSettingsRequest, Settings } from '../../shared/contract';
import { DEFAULT_OUTPUT_FORMAT, DEFAULT_QUALITY } from '../../shared/formats';
import { DEFAULT_KERNELS, DEFAULT_SCHEDULE } from '../../shared/kernels';
import { DEFAULT_METADATA_CHOICE } from '../../shared/metadata';
import { DEFAULT_POOL_KIND } from '../../shared/pools';
import { DEFAULT_NAME_PATTERN } from '../batch/naming';
import { settingsSchema } from './schemas';

export const SETTINGS_FILE = 'settings.json';

export function defaultSettings(cores: number): Settings {
  const workerCounts = [...new Set([1, Math.min(2, cores), cores])].sort((a, b) => a - b);
  return {
    pipeline: [{ id: 'gaussian-blur', params: { sigma: 3 } }],
    benchmark: {
      workers: workerCounts,
      transports: ['shared'],
      repeat: 3,
      scope: 'both',
      timeBudgetSeconds: null,
      kernels: DEFAULT_KERNELS,
      pool: DEFAULT_POOL_KIND,
    },
    batch: {
      outDir: '',
      format: DEFAULT_OUTPUT_FORMAT,
      quality: DEFAULT_QUALITY,
      metadata: DEFAULT_METADATA_CHOICE.metadata,
      stripGps: DEFAULT_METADATA_CHOICE.stripGps,
      namePattern: DEFAULT_NAME_PATTERN,
      keepFolders: false,
      onConflict: 'suffix',
      workers: cores,
      kernels: DEFAULT_KERNELS,
      schedule: DEFAULT_SCHEDULE,
      pool: DEFAULT_POOL_KIND,
      runOn: 'local',
      redisUrl: '',
    },
  };
}

/**
 * `patch` over `base`, one level deep: a patch may set some benchmark or batch fields only (a settings
 * file from before the benchmark had a scope, a time budget, kernels and a pool, or the batch its
 * kernels, schedule and pool, keeps the defaults of those).
 */
function withPatch(base: Settings, patch: SaveSettingsRequest): Settings {
  return {
    ...base,
    ...patch,
    benchmark: { ...base.benchmark, ...patch.benchmark },
    batch: { ...base.batch, ...patch.batch },
  };
}

/**
 * Preferences and the last pipeline, as one JSON file in a folder the host chooses (Electron:
 * userData; web host: a folder under the OS config dir). A missing or damaged file gives the
 * defaults; every field is validated on the way in, so a hand-edited file cannot smuggle anything.
 */
export class SettingsStore {
  private current: Settings | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string | null,
    private readonly defaults: Settings,
  ) {}

  async get(): Promise<Settings> {
    if (!this.current) this.current = await this.load();
    return structuredClone(this.current);
  }

  async save(patch: SaveSettingsRequest): Promise<Settings> {
    const next = withPatch(await this.get(), patch);
    this.current = next;
    const json = `${JSON.stringify(next, null, 2)}\n`;
    // Writes are chained so an older save never lands after a newer one.
    this.writing = this.writing.then(() => this.write(json)).catch(() => this.write(json));
    await this.writing;
    return structuredClone(next);
  }

  private async load(): Promise<Settings> {
    if (!this.dir) return structuredClone(this.defaults);
    let text: string;
    try {
      text = await readFile(join(this.dir, SETTINGS_FILE), 'utf8');
    } catch {
      return structuredClone(this.defaults);
    }
    try {
      const parsed = settingsSchema.partial().safeParse(JSON.parse(text));
      if (!parsed.success) return structuredClone(this.defaults);
      return withPatch(this.defaults, parsed.data);
    } catch {
      return structuredClone(this.defaults);
    }
  }

  private async write(json: string): Promise<void> {
    if (!this.dir) return;
    await mkdir(this.dir, { recursive: true });
    const file = join(this.dir, SETTINGS_FILE);
    const temp = `${file}.${process.pid}.tmp`;
    await writeFile(temp, json, { mode: 0o600 });
    await rename(temp, file);
  }
}
