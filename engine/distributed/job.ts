/**
 * One image of a distributed batch, as it travels through the queue: what the submitter settled (the
 * input, the output folder and the output's name, from the same naming plan as a local batch) and the
 * edit's options. Nothing in a job is trusted by the worker that takes it: the payload is parsed with
 * schemas built from the API's parts (engine/service/schemas.ts), the steps are resolved against the
 * filter registry, and the paths are held against the worker's roots.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { optionMessage } from '../../shared/errors';
import { outputNameProblem } from '../../shared/naming';
import { resolveEdit } from '../edit/plan';
import { absoluteHostPath, stepsSchema } from '../service/schema-parts';
import {
  describeIssues,
  kernelsSchema,
  metadataSchema,
  outputFormatSchema,
  quality,
  scheduleSchema,
} from '../service/schemas';
import { hostNameSchema } from './host-registry';
import type { Roots } from './roots';

/** The one queue every submitter and worker host of a deployment shares. */
export const IMAGE_QUEUE = 'pixelpool-images';
/** The jobs' name in the queue (BullMQ's job name): one kind of job, so one name. */
export const IMAGE_JOB = 'image';
/**
 * The version of a job and of its result: a worker refuses a job of a version it does not know. 2: the
 * result carries its timeline (the machines experiment), so a host of version 1 would have every image
 * of a batch fail as a malformed answer; with the version it refuses the jobs, saying why.
 */
export const JOB_VERSION = 2;

const outputName = z.string().superRefine((name, ctx) => {
  const problem = outputNameProblem(name);
  if (problem !== undefined)
    ctx.addIssue({ code: 'custom', message: optionMessage('the output name', problem, name) });
});

export const imageJobSchema = z.strictObject({
  v: z.literal(JOB_VERSION),
  input: absoluteHostPath,
  outDir: absoluteHostPath,
  fileName: outputName,
  /** The user's --on-conflict overwrite: replace what is there. Else a file already there is left alone. */
  overwrite: z.boolean(),
  steps: stepsSchema,
  format: outputFormatSchema,
  quality,
  metadata: metadataSchema,
  stripGps: z.boolean(),
  kernels: kernelsSchema,
  schedule: scheduleSchema,
});

export type ImageJob = z.infer<typeof imageJobSchema>;

/** Where a job's time went on its host, on Redis's clock (epoch ms; redis-clock.ts): its timeline bars. */
export interface ImageJobTimeline {
  /** The job's start and end on its host: decode, pipeline, encode and write. */
  startedAt: number;
  endedAt: number;
  /** Each pool task of its pipeline (a strip, or the whole image) on the worker that ran it. */
  tasks: { worker: number; startedAt: number; endedAt: number }[];
  /** How far off the host's reading of Redis's clock can be (half its round trip). */
  clockUncertaintyMs: number;
}

/** What a worker host returns for a job: the submitter's per-image line, timings and timeline. */
export interface ImageJobResult {
  /** The --name of the worker host that ran it. */
  host: string;
  /** The path written, or left alone when it held another file (`written` false). */
  output: string;
  written: boolean;
  bytes: number;
  megapixels: number;
  /** Decode, edit, encode and write, on the worker host. */
  ms: number;
  /** From the job's submission to its start on this host. */
  queuedMs: number;
  timeline: ImageJobTimeline;
}

/** The most pool tasks a result may list: an image in strips has a few per worker. */
const MAX_TASKS = 4096;
const finite = z.number().finite();
const nonNegative = finite.min(0);

/**
 * A result as the submitter reads it: whoever can write to the Redis can complete a job, so a result is
 * parsed like a job is, and one that does not parse fails its image (submit.ts).
 */
export const imageJobResultSchema = z.strictObject({
  host: hostNameSchema,
  output: absoluteHostPath,
  written: z.boolean(),
  bytes: nonNegative,
  megapixels: nonNegative,
  ms: nonNegative,
  queuedMs: nonNegative,
  timeline: z.strictObject({
    startedAt: finite,
    endedAt: finite,
    tasks: z
      .array(
        z.strictObject({ worker: z.number().int().min(0).max(4096), startedAt: finite, endedAt: finite }),
      )
      .max(MAX_TASKS),
    clockUncertaintyMs: nonNegative,
  }),
}) satisfies z.ZodType<ImageJobResult, unknown>;

/** What the worker reports while a job runs (BullMQ's job progress). */
export interface ImageJobProgress {
  host: string;
  state: 'running';
}

/** A job the worker will not run, with the reason for its failure: it would fail on every host alike. */
export class JobRefusedError extends Error {
  override readonly name = 'JobRefusedError';
}

/**
 * Parses and checks a job's payload on the worker: its shape, its steps against the registry (an
 * unknown filter, a parameter out of bounds), and its paths against the roots. Throws JobRefusedError.
 */
export async function checkImageJob(data: unknown, roots: Roots): Promise<ImageJob & { input: string }> {
  const parsed = imageJobSchema.safeParse(data);
  if (!parsed.success) throw new JobRefusedError(`Malformed job: ${describeIssues(parsed.error)}`);
  const job = parsed.data;
  try {
    resolveEdit(job.steps);
  } catch (err) {
    throw new JobRefusedError(`Refused job for ${job.input}: ${(err as Error).message}`);
  }
  try {
    const input = await roots.input(job.input);
    await roots.output(job.outDir, job.fileName);
    return { ...job, input };
  } catch (err) {
    throw new JobRefusedError(`Refused job: ${(err as Error).message}`);
  }
}

/** JSON with its keys sorted, so that equal payloads hash alike whatever order they were built in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The job's id in the queue: the same input (by path, size and modification time, so an edited photo
 * is a new job), output and options give the same id, and BullMQ adds a job whose id it holds only
 * once. The kernels and the schedule are left out: they change the speed, never the bytes.
 */
export function imageJobId(job: ImageJob, input: { size: number; mtimeMs: number }): string {
  const { kernels: _kernels, schedule: _schedule, ...bytesDecidedBy } = job;
  const digest = createHash('sha256')
    .update(canonical({ ...bytesDecidedBy, size: input.size, mtimeMs: input.mtimeMs }))
    .digest('hex');
  // BullMQ refuses ids that are plain integers, and ':' separates its keys.
  return `img-${digest.slice(0, 40)}`;
}
