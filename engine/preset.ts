/**
 * Preset files (`{ "pixelpool": 1, "filters": [...] }`, or a bare array of steps), checked by a
 * schema so that every mistake names its place in the file. Apart from pipeline-spec.ts so that the
 * schema library loads only when a preset is read (see loadPipeline).
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { PipelineSpecError, PRESET_VERSION, type Preset } from './pipeline-spec';

const stepSchema = z.strictObject({
  id: z.string().min(1, 'a filter id is required'),
  params: z.record(z.string(), z.union([z.number(), z.string().max(32)])).optional(),
  enabled: z.boolean().optional(),
});

const presetSchema = z.strictObject({
  pixelpool: z.literal(PRESET_VERSION, { error: `must be ${PRESET_VERSION} (the preset format version)` }),
  name: z.string().optional(),
  filters: z.array(stepSchema),
});

const bareListSchema = z.array(stepSchema);

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
