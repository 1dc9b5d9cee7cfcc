/**
 * Pipelines as users write them: the CLI's spec (`gaussian-blur:sigma=3,sobel`) and preset files
 * (`{ "pixelpool": 1, "filters": [...] }`), read and written in one format shared by the CLI, the
 * app and the web host. Parsing here checks the syntax; resolveEdit (engine/edit/plan.ts, over the
 * filter registry and the geometry steps) checks ids, parameter names and bounds.
 */
import { resolve } from 'node:path';
import type { ParamValue, PipelineStep } from '../workers/filters/types';
import { type EditPlan, resolveEdit } from './edit/plan';

export { PipelineError } from '../workers/filters/index';

/** A filter spec or a preset that cannot be read. The message says which piece or which file. */
export class PipelineSpecError extends Error {
  override readonly name = 'PipelineSpecError';
}

export const PRESET_VERSION = 1;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
/** A choice's value: a word such as `cover` or `north`, or a ratio such as `3/2`. */
const WORD = /^[a-z0-9][a-z0-9/._-]*$/i;
const FILTER_ID = /^[a-z0-9][a-z0-9_-]*$/i;
const PARAM_KEY = /^[a-z][a-z0-9_-]*$/i;

/**
 * Parses `id[:key=value[:key=value…]][, id…]`, e.g. `gaussian-blur:sigma=3,sobel` or
 * `unsharp:sigma=2:amount=1.5`. Whitespace around any part is ignored. Checks the syntax only:
 * unknown filters and out-of-range values are for resolvePipeline.
 */
export function parseFilterSpec(spec: string): PipelineStep[] {
  if (spec.trim() === '')
    throw new PipelineSpecError('The filter spec is empty: name at least one filter, e.g. sobel');
  const pieces = spec.split(',');
  return pieces.map((rawPiece, index) => {
    const piece = rawPiece.trim();
    const where = `Filter spec piece ${index + 1} of ${pieces.length}`;
    if (piece === '') {
      throw new PipelineSpecError(
        `${where} is empty: two commas in a row, or a comma at the start or end of "${spec}"`,
      );
    }
    const [rawId, ...rawParams] = piece.split(':');
    const id = rawId.trim();
    if (id === '') throw new PipelineSpecError(`Filter spec piece "${piece}" has no filter id before ':'`);
    if (!FILTER_ID.test(id)) {
      throw new PipelineSpecError(
        `Filter spec piece "${piece}": "${id}" is not a filter id (letters, digits and '-')`,
      );
    }
    const params: Record<string, ParamValue> = {};
    for (const rawParam of rawParams) {
      const param = rawParam.trim();
      if (param === '')
        throw new PipelineSpecError(
          `Filter spec piece "${piece}" has an empty parameter (':' with nothing after it)`,
        );
      const eq = param.indexOf('=');
      if (eq === -1) {
        throw new PipelineSpecError(
          `Filter spec piece "${piece}": parameter "${param}" has no value; write ${param}=<number>`,
        );
      }
      const key = param.slice(0, eq).trim();
      const value = param.slice(eq + 1).trim();
      if (!PARAM_KEY.test(key)) {
        throw new PipelineSpecError(
          `Filter spec piece "${piece}": "${param}" has no parameter name before '='`,
        );
      }
      if (!NUMBER.test(value) && !WORD.test(value)) {
        throw new PipelineSpecError(
          `Filter spec piece "${piece}": ${key}=${value} is not a number or a word (such as fit=cover)`,
        );
      }
      if (key in params) throw new PipelineSpecError(`Filter spec piece "${piece}" sets "${key}" twice`);
      params[key] = NUMBER.test(value) ? Number(value) : value;
    }
    return rawParams.length > 0 ? { id, params } : { id };
  });
}

/** A preset file's contents (engine/preset.ts reads and checks them). */
export interface Preset {
  pixelpool: typeof PRESET_VERSION;
  name?: string;
  filters: PipelineStep[];
}

/** The preset file's text: the full form, pretty-printed, ending with a newline. */
export function serializePreset(steps: readonly PipelineStep[], name?: string): string {
  const filters = steps.map((step) => ({
    id: step.id,
    params: { ...(step.params ?? {}) },
    enabled: step.enabled !== false,
  }));
  const preset =
    name === undefined
      ? { pixelpool: PRESET_VERSION, filters }
      : { pixelpool: PRESET_VERSION, name, filters };
  return `${JSON.stringify(preset, null, 2)}\n`;
}

export interface LoadedPipeline {
  /** The steps as written, disabled ones included (what a preset would save). */
  steps: PipelineStep[];
  /** The steps to run: enabled only, defaults filled, bounds checked, filters and geometry in order. */
  edit: EditPlan;
}

/**
 * The CLI's `--filters` argument: a spec, or `@file.json` for a preset (relative to cwd). Throws
 * PipelineSpecError for syntax and files, PipelineError (from the registry) for unknown filters
 * and bad parameter values.
 */
export async function loadPipeline(arg: string, cwd = process.cwd()): Promise<LoadedPipeline> {
  const trimmed = arg.trim();
  // Presets are read by engine/preset.ts, loaded only for them: its schema library (zod) takes about
  // 80 ms to load, a twentieth of a whole batch of photos, which a plain spec never needs.
  const steps = trimmed.startsWith('@')
    ? (await (await import('./preset')).readPreset(resolve(cwd, trimmed.slice(1).trim()))).filters
    : parseFilterSpec(trimmed);
  return { steps, edit: resolveEdit(steps) };
}
