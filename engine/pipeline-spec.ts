/**
 * Pipelines as users write them: the CLI's spec (`gaussian-blur:sigma=3,sobel`) and preset files
 * (`{ "pixelpool": 1, "filters": [...] }`), read and written in one format shared by the CLI, the
 * app and the web host. Parsing here checks the syntax; resolvePipeline (the filter registry)
 * checks ids, parameter names and bounds.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { resolvePipeline } from '../workers/filters/index';
import type { PipelineStep, ResolvedStep } from '../workers/filters/types';

export { PipelineError } from '../workers/filters/index';

/** A filter spec or a preset that cannot be read. The message says which piece or which file. */
export class PipelineSpecError extends Error {
  override readonly name = 'PipelineSpecError';
}

export const PRESET_VERSION = 1;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
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
    const params: Record<string, number> = {};
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
      if (!NUMBER.test(value)) {
        throw new PipelineSpecError(`Filter spec piece "${piece}": ${key}=${value} is not a number`);
      }
      if (key in params) throw new PipelineSpecError(`Filter spec piece "${piece}" sets "${key}" twice`);
      params[key] = Number(value);
    }
    return rawParams.length > 0 ? { id, params } : { id };
  });
}

const stepSchema = z.strictObject({
  id: z.string().min(1, 'a filter id is required'),
  params: z.record(z.string(), z.number()).optional(),
  enabled: z.boolean().optional(),
});

const presetSchema = z.strictObject({
  pixelpool: z.literal(PRESET_VERSION, { error: `must be ${PRESET_VERSION} (the preset format version)` }),
  name: z.string().optional(),
  filters: z.array(stepSchema),
});

const bareListSchema = z.array(stepSchema);

export interface Preset {
  pixelpool: typeof PRESET_VERSION;
  name?: string;
  filters: PipelineStep[];
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length > 0 ? issue.path.map(String).join('.') : 'the top level';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

/**
 * Reads a preset already parsed from JSON. `source` (usually the file path) starts every error
 * message. Accepts the full form or a bare array of steps.
 */
export function parsePreset(json: unknown, source: string): Preset {
  if (Array.isArray(json)) {
    const result = bareListSchema.safeParse(json);
    if (!result.success)
      throw new PipelineSpecError(`${source}: not a valid preset: ${describeIssues(result.error)}`);
    return { pixelpool: PRESET_VERSION, filters: result.data };
  }
  if (json === null || typeof json !== 'object') {
    throw new PipelineSpecError(
      `${source}: not a valid preset: expected { "pixelpool": 1, "filters": [...] } or an array of filters`,
    );
  }
  const result = presetSchema.safeParse(json);
  if (!result.success)
    throw new PipelineSpecError(`${source}: not a valid preset: ${describeIssues(result.error)}`);
  return result.data;
}

export async function readPreset(path: string): Promise<Preset> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'preset file not found'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'this is a folder, not a preset file'
            : (err as Error).message;
    throw new PipelineSpecError(`${path}: ${why}`, { cause: err });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PipelineSpecError(`${path}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  return parsePreset(json, path);
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
  /** The steps to run: enabled only, defaults filled, bounds checked. */
  resolved: ResolvedStep[];
}

/**
 * The CLI's `--filters` argument: a spec, or `@file.json` for a preset (relative to cwd). Throws
 * PipelineSpecError for syntax and files, PipelineError (from the registry) for unknown filters
 * and bad parameter values.
 */
export async function loadPipeline(arg: string, cwd = process.cwd()): Promise<LoadedPipeline> {
  const trimmed = arg.trim();
  const steps = trimmed.startsWith('@')
    ? (await readPreset(resolve(cwd, trimmed.slice(1).trim()))).filters
    : parseFilterSpec(trimmed);
  return { steps, resolved: resolvePipeline(steps) };
}
