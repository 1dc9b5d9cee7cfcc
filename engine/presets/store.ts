/**
 * Named presets as files: `<name>.json` in one folder (defaultPresetsDir), each the preset format the
 * CLI's `--filters @file.json` reads (engine/preset.ts). The file is the preset: its name is the file's,
 * so renaming the file in a file manager renames the preset, and a file someone edited by hand is read
 * with the same checks as any preset. A bad file is reported with its reason and the others still list.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { presetNameProblem } from '../../shared/presets';
import type { PipelineStep } from '../../workers/filters/types';
import { PipelineSpecError, serializePreset } from '../pipeline-spec';

const EXTENSION = '.json';
/** Larger than any preset the app writes (32 steps are a few KB); a bigger file is not read. */
const MAX_FILE_BYTES = 256 * 1024;

export interface SavedPreset {
  name: string;
  steps: PipelineStep[];
  path: string;
}

export interface PresetFileProblem {
  path: string;
  error: string;
}

export interface PresetListing {
  presets: SavedPreset[];
  problems: PresetFileProblem[];
}

/** A bad name or a preset that is not there: the user's to fix (the CLI exits 2, the API says bad-request). */
export class PresetError extends PipelineSpecError {}

function checkName(name: string): void {
  const problem = presetNameProblem(name);
  if (problem) throw new PresetError(problem);
}

function codeOf(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

export class PresetStore {
  constructor(readonly dir: string) {}

  private pathOf(name: string): string {
    return join(this.dir, `${name}${EXTENSION}`);
  }

  /** Every preset in the folder, in name order; a missing folder is no presets. */
  async list(): Promise<PresetListing> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (err) {
      if (codeOf(err) === 'ENOENT') return { presets: [], problems: [] };
      throw new PresetError(`${this.dir}: the presets folder cannot be read (${(err as Error).message})`);
    }
    const presets: SavedPreset[] = [];
    const problems: PresetFileProblem[] = [];
    const files = names
      .filter((n) => n.endsWith(EXTENSION) && !n.startsWith('.'))
      .sort((a, b) => a.localeCompare(b));
    for (const file of files) {
      const name = file.slice(0, -EXTENSION.length);
      const path = join(this.dir, file);
      try {
        presets.push(await this.read(name, path));
      } catch (err) {
        problems.push({ path, error: (err as Error).message });
      }
    }
    return { presets, problems };
  }

  private async read(name: string, path: string): Promise<SavedPreset> {
    checkName(name);
    const info = await stat(path);
    if (info.size > MAX_FILE_BYTES) {
      throw new PresetError(`${path}: ${info.size} bytes, more than a preset's ${MAX_FILE_BYTES}`);
    }
    // Loaded when a preset is read, as loadPipeline does: the schema library stays out of a CLI start.
    const { readPreset } = await import('../preset');
    const preset = await readPreset(path);
    return { name, steps: preset.filters, path };
  }

  /** The named preset; the error lists what is there when it is not. */
  async get(name: string): Promise<SavedPreset> {
    checkName(name);
    const path = this.pathOf(name);
    try {
      return await this.read(name, path);
    } catch (err) {
      if (codeOf(err) !== 'ENOENT') throw err;
      const { presets } = await this.list();
      const saved = presets.length
        ? `saved presets: ${presets.map((p) => `"${p.name}"`).join(', ')}`
        : 'none is saved yet (save one in the app, or write a preset file there)';
      throw new PresetError(`no preset named "${name}" in ${this.dir}; ${saved}`);
    }
  }

  /**
   * Writes the preset under a temporary name, then renames it: a reader never sees half a file, and
   * saving under an existing name replaces that preset.
   */
  async save(name: string, steps: readonly PipelineStep[]): Promise<SavedPreset> {
    checkName(name);
    await mkdir(this.dir, { recursive: true });
    const path = this.pathOf(name);
    const temp = join(this.dir, `.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await writeFile(temp, serializePreset(steps, name), { flag: 'wx' });
      await rename(temp, path);
    } finally {
      await rm(temp, { force: true });
    }
    return { name, steps: [...steps], path };
  }

  /** Removes the preset; removing one that is not there is not an error (it is gone either way). */
  async remove(name: string): Promise<void> {
    checkName(name);
    await rm(this.pathOf(name), { force: true });
  }
}
