/**
 * A lab experiment as a service job: progress events, cancel, and the result once it is done. The
 * experiment itself is its runner's (engine/service/lab/runners.ts); this is what every one shares.
 */
import type { JobState, PixelPoolEvent } from '../../shared/contract';
import type { LabExperiment, LabResult, StartLabRequest } from '../../shared/lab';
import type { RedisTarget } from '../distributed/redis-url';
import type { SlotSpawner } from '../pool/worker-slot';
import type { JobManager, LabRecord } from './jobs';
import { LAB_RUNNERS } from './lab/runners';
import type { LabImage, LabRequestOf, LabRunner } from './lab/types';

export type { LabImage } from './lab/types';

export interface LabJobContext {
  jobs: JobManager;
  emit(event: PixelPoolEvent): void;
  cores: number;
  /** The host's way to start a child process (LabRun.processSpawner). */
  processSpawner?: SlotSpawner;
  /** The machines experiment's Redis, password resolved (LabRun.redis). */
  redis?: RedisTarget;
}

/** The request's runner, typed as the request is (TypeScript cannot follow a union through a lookup). */
function runnerOf<E extends LabExperiment>(request: LabRequestOf<E>): LabRunner<E> {
  return LAB_RUNNERS[request.experiment as E] as LabRunner<E>;
}

/** Starts a lab experiment on `images` (resolved by the service, LAB_INPUTS) as a job; returns its id. */
export function startLabJob(ctx: LabJobContext, request: StartLabRequest, images: LabImage[]): string {
  return ctx.jobs.start<LabRecord>(
    { kind: 'lab', request, result: null },
    async (record): Promise<JobState> => {
      const jobId = record.job.jobId;
      const signal = record.controller.signal;
      const progress = (done: number, total: number, label: string) => {
        const value = { done, total, label };
        ctx.jobs.progress(record, value);
        ctx.emit({ type: 'lab-progress', jobId, progress: value });
      };
      let findings: Awaited<ReturnType<LabRunner<LabExperiment>>>;
      try {
        findings = await runnerOf(request)(
          { signal, progress, cores: ctx.cores, processSpawner: ctx.processSpawner, redis: ctx.redis },
          request,
          images,
        );
      } catch (err) {
        if (signal.aborted) return 'cancelled';
        throw err;
      }
      if (signal.aborted) return 'cancelled';
      // The findings are the runner's experiment's (runnerOf), so with its name they are that result; the
      // compiler cannot pair the two members of the union, hence the cast.
      const result = {
        ...findings,
        experiment: request.experiment,
        images: images.map(({ name, sample }) => ({ name, sample })),
        cores: ctx.cores,
      } as LabResult;
      record.result = result;
      ctx.emit({ type: 'lab-done', jobId, result });
      return 'done';
    },
  );
}
