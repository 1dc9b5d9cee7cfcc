/**
 * Request schemas of every API method. Whatever arrives from a renderer or a browser is parsed
 * here before the service sees it: bounded strings and arrays, numeric ranges, no extra keys.
 * Step ids and parameter values are checked again, against the registries, by resolveEdit (engine/edit/plan.ts).
 */
import { z } from 'zod';
import { type ApiMethod, type ApiRequest, BATCH_RUN_ON, BENCHMARK_SCOPES } from '../../shared/contract';
import { OUTPUT_FORMAT_CHOICES } from '../../shared/formats';
import { KERNEL_CHOICES, SCHEDULES } from '../../shared/kernels';
import { METADATA_MODES } from '../../shared/metadata';
import { CONFLICT_POLICIES, namePatternProblem } from '../../shared/naming';
import { POOL_KINDS } from '../../shared/pools';
import { MAX_PRESET_NAME_LENGTH, presetNameProblem } from '../../shared/presets';
import { MAX_REDIS_URL_LENGTH, redisUrlProblem, withoutPassword } from '../../shared/redis-url';
import { TRANSPORTS } from '../../shared/transports';
import { startLabSchema } from './lab-schemas';
import { LIMITS } from './limits';
import { hostPath, id, imageIds, redisUrl, stepsSchema, workerCount } from './schema-parts';

const transportSchema = z.enum(TRANSPORTS);
// Exported for the jobs of a distributed batch (engine/distributed/job.ts), checked as the API checks.
export const outputFormatSchema = z.enum(OUTPUT_FORMAT_CHOICES);
const conflictPolicySchema = z.enum(CONFLICT_POLICIES);
export const kernelsSchema = z.enum(KERNEL_CHOICES);
export const scheduleSchema = z.enum(SCHEDULES);
const poolKindSchema = z.enum(POOL_KINDS);
export const quality = z.number().int().min(1).max(100);
export const metadataSchema = z.enum(METADATA_MODES);
/** The batch's own rule and sentence (shared/naming.ts), so the API refuses exactly what a batch would. */
const namePattern = z.string().superRefine((pattern, ctx) => {
  const problem = namePatternProblem(pattern);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * The saved Redis URL, on the way into the settings (a save, or the file read back): never its password,
 * which lives in the service's memory only (docs/security.md). Anything that is not a whole URL is saved
 * as '': a half-typed one may hold the start of a password.
 */
const savedRedisUrl = z
  .string()
  .max(MAX_REDIS_URL_LENGTH)
  .transform((url) => (redisUrlProblem(url) === undefined ? withoutPassword(url) : ''));

/** The store's own rule and sentence (shared/presets.ts). */
const presetName = z
  .string()
  .max(MAX_PRESET_NAME_LENGTH + 1)
  .superRefine((name, ctx) => {
    const problem = presetNameProblem(name);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });

/** Methods without a request accept nothing, null or an empty object. */
const noRequest = z.union([z.undefined(), z.null(), z.strictObject({})]).transform(() => undefined);

/**
 * A benchmark's configuration: saved in the settings, sent by startBenchmark. The scope, the time budget,
 * the kernels and the pool may be left out (default 'both', null: fixed mode, DEFAULT_KERNELS and
 * threads), so older settings files and clients stay valid.
 */
const benchmarkFields = {
  workers: z.array(workerCount).min(1).max(LIMITS.maxWorkerCounts),
  transports: z.array(transportSchema).min(1).max(TRANSPORTS.length),
  repeat: z.number().int().min(1).max(LIMITS.maxRepeat),
  scope: z.enum(BENCHMARK_SCOPES).optional(),
  timeBudgetSeconds: z.number().int().min(1).max(LIMITS.maxTimeBudgetSeconds).nullable().optional(),
  kernels: z.enum(KERNEL_CHOICES).optional(),
  pool: poolKindSchema.optional(),
};

/**
 * A batch's output options (after its output folder): saved in the settings, sent by startBatch. The
 * kernels, the schedule and the pool may be left out (the engine's defaults), so settings files and
 * clients from before they were a choice stay valid.
 */
const batchOutputFields = {
  format: outputFormatSchema,
  quality,
  metadata: metadataSchema.optional(),
  stripGps: z.boolean().optional(),
  namePattern,
  keepFolders: z.boolean().optional(),
  onConflict: conflictPolicySchema,
  workers: z.number().int().min(0).max(LIMITS.maxWorkers),
  kernels: kernelsSchema.optional(),
  schedule: scheduleSchema.optional(),
  pool: poolKindSchema.optional(),
};

export const settingsSchema = z.strictObject({
  pipeline: stepsSchema,
  // Gone since the preview is full size: accepted and dropped, so an older settings file still loads.
  previewMaxSize: z
    .unknown()
    .optional()
    .transform(() => undefined),
  benchmark: z.strictObject(benchmarkFields),
  // The saved folder may be empty (not chosen yet); a batch needs one.
  batch: z.strictObject({
    outDir: z.string().max(LIMITS.maxPathLength),
    ...batchOutputFields,
    runOn: z.enum(BATCH_RUN_ON).optional(),
    redisUrl: savedRedisUrl.optional(),
  }),
});

/** One schema per method; the output type is the method's request type. */
export const requestSchemas = {
  getCatalog: noRequest,
  getCapabilities: noRequest,
  addPaths: z.strictObject({ paths: z.array(hostPath).min(1).max(LIMITS.maxPathsPerRequest) }),
  listImages: noRequest,
  removeImages: z.strictObject({ ids: z.array(id).max(LIMITS.maxImages) }),
  clearImages: noRequest,
  validatePipeline: z.strictObject({ steps: stepsSchema }),
  renderPreview: z.strictObject({
    imageId: id,
    steps: stepsSchema,
    output: z
      .strictObject({
        format: outputFormatSchema,
        quality,
        metadata: metadataSchema.optional(),
        stripGps: z.boolean().optional(),
      })
      .optional(),
  }),
  parsePreset: z.strictObject({ json: z.string().max(LIMITS.maxPresetChars) }),
  formatPreset: z.strictObject({ steps: stepsSchema, name: z.string().max(100).optional() }),
  listPresets: noRequest,
  savePreset: z.strictObject({ name: presetName, steps: stepsSchema }),
  deletePreset: z.strictObject({ name: presetName }),
  startBenchmark: z.strictObject({ imageIds, steps: stepsSchema, ...benchmarkFields }),
  exportBenchmark: z.strictObject({ jobId: id, format: z.enum(['json', 'csv']) }),
  startBatch: z.strictObject({
    imageIds,
    steps: stepsSchema,
    outDir: hostPath,
    ...batchOutputFields,
    redisUrl: redisUrl.optional(),
  }),
  startLab: startLabSchema,
  cancelJob: z.strictObject({ jobId: id }),
  listJobs: noRequest,
  getJob: z.strictObject({ jobId: id }),
  getSettings: noRequest,
  saveSettings: settingsSchema.partial(),
  openFiles: noRequest,
  openFolder: noRequest,
  chooseFolder: noRequest,
  openPath: z.strictObject({ path: hostPath }),
} satisfies { [M in ApiMethod]: z.ZodType<ApiRequest<M>, unknown> };

/**
 * A batch output's index as the web host's download path spells it ("0", "12"): digits only, no sign, no
 * leading zero, no exponent, so one file has one URL; below the most files a batch can have.
 */
const outputIndex = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,5})$/, 'must be a whole number such as 0 or 12')
  .transform(Number)
  .pipe(
    z
      .number()
      .int()
      .max(LIMITS.maxImages - 1),
  );

/**
 * The web host's download requests (hosts/web/downloads.ts), read from the path's segments: a job id and
 * the output's position in its summary, never a path. Checked like every API request before the service
 * looks anything up.
 */
export const downloadSchemas = {
  file: z.strictObject({ jobId: id, index: outputIndex }),
  zip: z.strictObject({ jobId: id }),
};

/** Formats a zod error as one line naming each field at fault: "steps.0.params.sigma: Too big: …". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(request)';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
}
