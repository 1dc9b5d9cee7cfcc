/**
 * startLab's request schemas, one per experiment (shared/lab/ declares the requests), told apart by
 * `experiment`. The bounds are the CLI's (`pixelpool lab … --workers --runs`, shared/limits.ts).
 */
import { z } from 'zod';
import type { StartLabRequest } from '../../shared/lab';
import { LIMITS } from './limits';
import { id, workerCount } from './schema-parts';

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
    experiment: z.literal('pipe'),
    imageIds: labImageIds,
    workers: workerCount,
    runs,
  }),
]) satisfies z.ZodType<StartLabRequest, unknown>;
