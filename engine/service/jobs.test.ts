import { describe, expect, it } from 'vitest';
import type { JobSummary, PixelPoolEvent } from '../../shared/contract';
import { JobManager } from './jobs';

function ends(events: PixelPoolEvent[], jobId: string): JobSummary[] {
  return events.flatMap((e) =>
    e.type === 'job-state' && e.job.jobId === jobId && e.job.state !== 'running' ? [e.job] : [],
  );
}

describe('JobManager', () => {
  it('ends a cancelled job even when its runner never stops, and lets the next job start', async () => {
    const events: PixelPoolEvent[] = [];
    const jobs = new JobManager((e) => events.push(e), 50);
    const stuck = jobs.start({ kind: 'batch' } as never, () => new Promise<never>(() => {}));
    expect(() => jobs.start({ kind: 'batch' } as never, async () => 'done')).toThrow(/already running/);
    expect(jobs.cancel(stuck)).toBe(true);
    await new Promise((r) => setTimeout(r, 120));
    expect(ends(events, stuck)).toEqual([
      expect.objectContaining({
        state: 'cancelled',
        error: expect.stringMatching(/did not stop within 0 s/),
      }),
    ]);
    const next = jobs.start({ kind: 'batch' } as never, async () => 'done');
    await new Promise((r) => setTimeout(r, 10));
    expect(ends(events, next)).toEqual([expect.objectContaining({ state: 'done', error: null })]);
    await jobs.cancelAll(); // returns although the stuck runner never will
  });

  it('a runner that stops when cancelled ends as cancelled, once, with no error', async () => {
    const events: PixelPoolEvent[] = [];
    const jobs = new JobManager((e) => events.push(e), 50);
    const id = jobs.start({ kind: 'benchmark' } as never, (record) => {
      return new Promise((_, reject) =>
        record.controller.signal.addEventListener('abort', () => reject(new Error('aborted'))),
      );
    });
    jobs.cancel(id);
    await new Promise((r) => setTimeout(r, 100));
    expect(ends(events, id)).toEqual([expect.objectContaining({ state: 'cancelled', error: null })]);
  });
});
