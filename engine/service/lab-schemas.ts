/**
 * startLab's request schemas, one per experiment (shared/lab/ declares the requests), told apart by
 * `experiment`. The bounds are the CLI's (`pixelpool lab … --workers --runs`, shared/limits.ts).
 */
import { z } from 'zod';
import {
  CORES_MAX_WORKERS,
  LAB_QUEUE_MAX_CAPACITIES,
  LAB_QUEUE_MAX_CAPACITY,
  MACHINES_MAX_HOSTS,
  MANAGER_MAX_UPDATES,
  PROCESSES_MAX_WORKERS,
  type StartLabRequest,
} from '../../shared/lab';
import { LIMITS } from './limits';
import { absoluteHostPath, id, redisUrl, stepsSchema, workerCount } from './schema-parts';

/** The library images to run on; left out or empty, the sample photos. */
const labImageIds = z.array(id).max(LIMITS.maxImages).optional();
const runs = z.number().int().min(1).max(LIMITS.maxRepeat);

export const startLabSchema = z.discriminatedUnion('experiment', [
  z.strictObject({
    experiment: z.literal('race'),
    imageIds: labImageIds,
    workers: workerCount,
    runs,
  }),
  z.strictObject({
    experiment: z.literal('queue'),
    imageIds: labImageIds,
    steps: stepsSchema,
    workers: workerCount,
    // 0: unbounded; each capacity once, as the CLI's --capacities keeps them.
    capacities: z
      .array(z.number().int().min(0).max(LAB_QUEUE_MAX_CAPACITY))
      .min(1)
      .max(LAB_QUEUE_MAX_CAPACITIES)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a capacity'),
  }),
  z.strictObject({
    experiment: z.literal('pool'),
    imageIds: labImageIds,
    steps: stepsSchema,
    workers: workerCount,
    rounds: runs,
  }),
  z.strictObject({
    experiment: z.literal('processes'),
    imageIds: labImageIds,
    steps: stepsSchema,
    workers: z.number().int().min(1).max(PROCESSES_MAX_WORKERS),
    runs,
  }),
  z.strictObject({
    experiment: z.literal('manager'),
    // Accepted as every request's, and ignored: the manager runs on no photo (LAB_INPUTS).
    imageIds: labImageIds,
    workers: workerCount,
    updates: z.number().int().min(1).max(MANAGER_MAX_UPDATES),
  }),
  z.strictObject({
    experiment: z.literal('cores'),
    imageIds: labImageIds,
    steps: stepsSchema,
    maxWorkers: z.number().int().min(1).max(CORES_MAX_WORKERS),
    runs,
  }),
  z.strictObject({
    experiment: z.literal('pipe'),
    imageIds: labImageIds,
    workers: workerCount,
    runs,
  }),
  z.strictObject({
    experiment: z.literal('machines'),
    imageIds: labImageIds,
    steps: stepsSchema,
    redisUrl,
    outDir: absoluteHostPath,
    hostCounts: z
      .array(z.number().int().min(1).max(MACHINES_MAX_HOSTS))
      .min(1)
      .max(MACHINES_MAX_HOSTS)
      .refine((list) => new Set(list).size === list.length, 'must not repeat a count')
      .optional(),
    runs,
  }),
]) satisfies z.ZodType<StartLabRequest, unknown>;
