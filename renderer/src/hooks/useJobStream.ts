import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../api/client';
import type { JobKind, JobSnapshot, JobState, PixelPoolApi, PixelPoolEvent } from '../api/types';

export type JobStreamState = JobState | 'idle' | 'starting';

/** What one kind of job adds to the common lifecycle: its own events, its reset and its restore. */
export interface JobStreamKind<K extends JobKind, Req> {
  kind: K;
  start(api: PixelPoolApi, request: Req): Promise<{ jobId: string }>;
  /** Clears the kind's own state before a new job starts. */
  reset(): void;
  /** Redraws the kind's state from the main process's snapshot (after a reload). */
  restore(snapshot: Extract<JobSnapshot, { kind: K }>): void;
  /** The request a restored job was started with. */
  requestOf(snapshot: Extract<JobSnapshot, { kind: K }>): Req;
  /**
   * Handles one of the kind's events for the current job. Returns the job state the event implies
   * ('done' or 'cancelled' for the final event), or null.
   */
  onEvent(event: PixelPoolEvent): JobStreamState | null;
}

export interface JobStream<Req> {
  jobId: string | null;
  state: JobStreamState;
  error: string | null;
  /** What the current job was asked to do (its results are compared with the screen against it). */
  request: Req | null;
  start(request: Req): Promise<void>;
  cancel(): Promise<void>;
}

/**
 * One job of a kind at a time, streamed from the service's events. The job lives in the main process
 * (the Manager idea), so after a reload the latest one of this kind is fetched back (listJobs + getJob).
 */
export function useJobStream<K extends JobKind, Req>(
  api: PixelPoolApi,
  spec: JobStreamKind<K, Req>,
): JobStream<Req> {
  const [jobId, setJobId] = useState<string | null>(null);
  const [state, setState] = useState<JobStreamState>('idle');
  const [error, setError] = useState<string | null>(null);
  const [request, setRequest] = useState<Req | null>(null);
  const current = useRef<string | null>(null);
  // Events can arrive before the start request's answer names the job: hold them until it does.
  const early = useRef<PixelPoolEvent[] | null>(null);
  // The kind's callbacks change identity on every render; the lifecycle below must not.
  const kind = useRef(spec);
  kind.current = spec;

  const apply = useCallback((event: PixelPoolEvent) => {
    if (event.type === 'job-state') {
      if (event.job.jobId !== current.current) return;
      // 'done' comes with the kind's own final event (its result); take the other final states here.
      if (event.job.state !== 'done') setState(event.job.state);
      if (event.job.error) setError(event.job.error);
      return;
    }
    if (!('jobId' in event) || event.jobId !== current.current) return;
    if (event.type === 'job-error') {
      setError(event.message);
      setState('failed');
      return;
    }
    const next = kind.current.onEvent(event);
    if (next) setState(next);
  }, []);

  useEffect(() => {
    const off = api.onEvent((event) => {
      if (early.current) early.current.push(event);
      else apply(event);
    });
    let live = true;
    const wanted = kind.current.kind;
    api
      .listJobs()
      .then(async (jobs) => {
        const last = jobs.filter((j) => j.kind === wanted).sort((a, b) => b.startedAt - a.startedAt)[0];
        if (!last || !live || current.current) return;
        const snap = await api.getJob({ jobId: last.jobId });
        if (!live || current.current || snap.kind !== wanted) return;
        current.current = snap.jobId;
        setJobId(snap.jobId);
        setState(snap.state);
        setError(snap.error);
        const mine = snap as Extract<JobSnapshot, { kind: K }>;
        setRequest(kind.current.requestOf(mine));
        kind.current.restore(mine);
      })
      .catch(() => {
        // Nothing to restore is the usual case; a failure here only means an empty panel.
      });
    return () => {
      live = false;
      off();
    };
  }, [api, apply]);

  const start = useCallback(
    async (req: Req) => {
      setState('starting');
      setError(null);
      setRequest(req);
      kind.current.reset();
      current.current = null;
      early.current = [];
      try {
        const { jobId: id } = await kind.current.start(api, req);
        current.current = id;
        setJobId(id);
        setState('running');
      } catch (err) {
        setError(messageOf(err));
        setState('failed');
      } finally {
        const held = early.current ?? [];
        early.current = null;
        for (const event of held) apply(event);
      }
    },
    [api, apply],
  );

  const cancel = useCallback(async () => {
    if (!current.current) return;
    try {
      await api.cancelJob({ jobId: current.current });
    } catch (err) {
      setError(messageOf(err));
    }
  }, [api]);

  return { jobId, state, error, request, start, cancel };
}
