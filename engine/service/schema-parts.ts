/**
 * The pieces request schemas are built from (schemas.ts for every method, lab-schemas.ts for the lab's
 * experiments): ids, host paths, pipeline steps, worker counts. One definition each, so every method
 * bounds them alike.
 */
import { z } from 'zod';
import { redisUrlProblem } from '../../shared/redis-url';
import { LIMITS } from './limits';

export const id = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'must be letters, digits, "-" or "_"');

/** A path on the host machine: non-empty, bounded, no NUL bytes (they truncate paths in C code). */
export const hostPath = z
  .string()
  .min(1)
  .max(LIMITS.maxPathLength)
  .refine((s) => !s.includes('\0'), 'must not contain NUL bytes');

export const pipelineStepSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be a filter id like "gaussian-blur"'),
  params: z
    .record(
      z
        .string()
        .min(1)
        .max(64)
        .regex(/^[A-Za-z][A-Za-z0-9]*$/, 'must be a parameter name'),
      z.union([
        z.number().finite(),
        z
          .string()
          .max(32)
          .regex(/^[a-z0-9][a-z0-9/._-]*$/i, 'must be a number or a word such as "cover"'),
      ]),
    )
    .refine((r) => Object.keys(r).length <= 16, 'has too many parameters')
    .optional(),
  enabled: z.boolean().optional(),
});

export const stepsSchema = z.array(pipelineStepSchema).max(LIMITS.maxSteps);

export const imageIds = z.array(id).min(1).max(LIMITS.maxImages);
export const workerCount = z.number().int().min(1).max(LIMITS.maxWorkers);

/** The Redis of worker hosts (a batch on them, the machines experiment): redis-url.ts's rule (the CLI's --redis), bounded there. */
export const redisUrl = z.string().superRefine((url, ctx) => {
  const problem = redisUrlProblem(url);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
});

/** An absolute path on the host. */
export const absoluteHostPath = hostPath.refine((p) => p.startsWith('/'), 'must be an absolute path');
