/**
 * The service-test helpers every lab test file uses: a method called as the hosts call it, and a job's
 * end, result, progress and cancel read from the service's events.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { JobProgress, JobSnapshot, LabResult, PixelPoolEvent } from '../../../shared/contract';
import { dispatch } from '../dispatch';
import { PixelPoolService } from '../service';

/** A web host's service over `dir` (its sample photos in `dir`/samples), every event it sends pushed on `events`. */
export function labTestService(dir: string, events: PixelPoolEvent[]): PixelPoolService {
  const service = new PixelPoolService({
    host: 'web',
    settingsDir: null,
    poolSize: 2,
    sampleDir: join(dir, 'samples'),
  });
  service.onEvent((event) => events.push(event));
  return service;
}

/** Disposes of the service (if made) and deletes its folder. */
export async function closeLabTestService(service: PixelPoolService | undefined, dir: string): Promise<void> {
  await service?.dispose();
  await rm(dir, { recursive: true, force: true });
}

/** How a job ended: its state, its 'lab-done' result if it had one, and its error if it failed. */
export interface JobEnd {
  state: string;
  result?: LabResult;
  error?: string;
}

/**
 * The helpers over the service `service()` returns (made in a beforeAll) and `events`, every event it
 * has sent since (the test file pushes them), so a job that ended before its end was asked for is seen.
 */
export function labTestJobs(service: () => PixelPoolService, events: PixelPoolEvent[]) {
  async function call<T>(method: string, payload?: unknown): Promise<T> {
    const response = await dispatch(service(), method, payload);
    if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
    return response.value as T;
  }

  /** The job's end, from the events so far or the first one that ends it. */
  function ended(jobId: string): Promise<JobEnd> {
    const settle = (): JobEnd | null => {
      let result: LabResult | undefined;
      let error: string | undefined;
      for (const event of events) {
        if (event.type === 'lab-done' && event.jobId === jobId) result = event.result;
        else if (event.type === 'job-error' && event.jobId === jobId) error = event.message;
        else if (event.type === 'job-state' && event.job.jobId === jobId && event.job.state !== 'running') {
          return { state: event.job.state, result, error: error ?? event.job.error ?? undefined };
        }
      }
      return null;
    };
    return new Promise((resolve) => {
      const now = settle();
      if (now) return resolve(now);
      const off = service().onEvent(() => {
        const end = settle();
        if (end) {
          off();
          resolve(end);
        }
      });
    });
  }

  /** The job's 'lab-done' result once it is done; its failure (or its ending without one) otherwise. */
  async function finished<R extends LabResult>(jobId: string): Promise<R> {
    const end = await ended(jobId);
    if (end.state !== 'done') throw new Error(`${end.state}: ${end.error}`);
    if (!end.result) throw new Error('the job ended without a lab-done event');
    return end.result as R;
  }

  /** Starts a lab job and waits for its result. */
  async function run<R extends LabResult>(payload: object): Promise<{ jobId: string; result: R }> {
    const { jobId } = await call<{ jobId: string }>('startLab', payload);
    return { jobId, result: await finished<R>(jobId) };
  }

  function progressOf(jobId: string): JobProgress[] {
    return events.flatMap((e) => (e.type === 'lab-progress' && e.jobId === jobId ? [e.progress] : []));
  }

  /** Starts a job and cancels it at its first progress event past `after` steps; resolves its final state. */
  async function cancelled(payload: object, after = 1): Promise<string> {
    const { jobId } = await call<{ jobId: string }>('startLab', payload);
    const end = ended(jobId);
    await new Promise<void>((resolve) => {
      const off = service().onEvent((event) => {
        if (event.type === 'lab-progress' && event.jobId === jobId && event.progress.done >= after) {
          off();
          resolve();
        }
      });
    });
    await call('cancelJob', { jobId });
    const { state } = await end;
    // Stopped by the signal, not abandoned after the grace period (which would leave an error).
    expect(await call<JobSnapshot>('getJob', { jobId })).toMatchObject({
      kind: 'lab',
      result: null,
      error: null,
    });
    return state;
  }

  /** Starts a job and cancels it at once; resolves its final state, once its snapshot holds no result. */
  async function cancelledAtOnce(payload: object): Promise<string> {
    const { jobId } = await call<{ jobId: string }>('startLab', payload);
    const end = ended(jobId);
    await call('cancelJob', { jobId });
    const { state } = await end;
    expect(await call<JobSnapshot>('getJob', { jobId })).toMatchObject({ kind: 'lab', result: null });
    return state;
  }

  return { call, ended, finished, run, progressOf, cancelled, cancelledAtOnce };
}
