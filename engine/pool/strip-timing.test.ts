import { describe, expect, it } from 'vitest';
import type { StripResult } from '../../workers/filter.worker';
import { nowMs, RunClock, StripTimeline } from './strip-timing';

const result = (startedAt: number, endedAt: number, computeMs: number): StripResult => ({
  threadId: 7,
  startedAt,
  endedAt,
  computeMs,
});

describe('RunClock', () => {
  it('starts with the placing time as dispatch and nothing else', () => {
    const timings = new RunClock(performance.now(), 3, 1.5).timings();
    expect(timings.dispatchMs).toBe(1.5);
    expect(timings.computeMs).toBe(0);
    expect(timings.reassembleMs).toBe(0);
    expect(timings.computeMsByWorker).toEqual([0, 0, 0]);
    expect(timings.busyMsByWorker).toEqual([0, 0, 0]);
  });

  it('counts a strip: the wait, the way back and the worker overhead as dispatch, the rest per worker', () => {
    const clock = new RunClock(performance.now(), 2, 1);
    clock.addDispatch(0.5);
    // Could start at 100, started at 110, busy 40 ms of which 35 computing, received 2 ms after it ended.
    clock.addStrip(1, result(110, 150, 35), 100, 152);
    // A strip that started before its "could start" time (clock skew) adds no negative wait.
    clock.addStrip(0, result(200, 210, 10), 205, 210);
    clock.addReassemble(3);
    clock.addReassemble(0.25);
    const timings = clock.timings();
    expect(timings.dispatchMs).toBe(1 + 0.5 + (10 + 2 + 5) + 0);
    expect(timings.computeMsByWorker).toEqual([10, 35]);
    expect(timings.busyMsByWorker).toEqual([10, 40]);
    expect(timings.computeMs).toBe(45);
    expect(timings.reassembleMs).toBe(3.25);
  });

  it('wall time runs from the given start to the call', () => {
    const clock = new RunClock(performance.now() - 50, 1, 0);
    const { wallMs } = clock.timings();
    expect(wallMs).toBeGreaterThanOrEqual(50);
    expect(wallMs).toBeLessThan(5000);
  });
});

describe('StripTimeline', () => {
  it('a strip sent while its worker was busy waited from when the previous strip ended', () => {
    const timeline = new StripTimeline();
    const worker = {};
    // First strip: posted at 100, nothing before it.
    expect(timeline.answered(worker, 100, 150)).toBe(100);
    // Prefetched at 120, while the first computed until 150: its wait starts at 150.
    expect(timeline.answered(worker, 120, 190)).toBe(150);
    // Posted at 300, after the worker was idle since 190: the post is the start.
    expect(timeline.answered(worker, 300, 320)).toBe(300);
  });

  it('keeps workers apart and forgets a gone one', () => {
    const timeline = new StripTimeline();
    const [a, b] = [{}, {}];
    timeline.answered(a, 100, 500);
    expect(timeline.answered(b, 120, 130)).toBe(120);
    timeline.forget(a);
    expect(timeline.answered(a, 200, 210)).toBe(200);
  });
});

describe('nowMs', () => {
  it('is on the performance.timeOrigin clock, like the workers’ stamps', () => {
    const before = performance.timeOrigin + performance.now();
    const now = nowMs();
    const after = performance.timeOrigin + performance.now();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(after);
  });
});
