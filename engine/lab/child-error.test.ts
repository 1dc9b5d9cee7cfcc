import { describe, expect, it } from 'vitest';
import { resolvePipeline } from '../../workers/filters/index';
import { REJECTED_STEPS, runChildError, workerFramesOf } from './child-error';

describe('runChildError', () => {
  it("hands the parent the worker's error: the callback and get() both get it, the stack the worker's", async () => {
    // The reference: the same check, made here, on this thread, fails with the same words.
    let reference: Error | undefined;
    try {
      resolvePipeline(REJECTED_STEPS);
    } catch (error) {
      reference = error as Error;
    }
    expect(reference?.message).toMatch(/sigma/);
    const report = await runChildError();
    expect(report).toMatchObject({
      name: 'PipelineError',
      message: reference?.message,
      callbackGotIt: true,
      getReraised: true,
    });
    // Frames from the worker's file, the worker-only method among them: the throw happened there.
    expect(report.stack).toMatch(/\n\s+at checkStepsInWorker \(.*filter\.worker\.js:\d+:\d+\)/);
    expect(report.workerFrames.length).toBeGreaterThanOrEqual(2);
    expect(report.workerFrames.every((frame) => frame.includes('filter.worker.js'))).toBe(true);
    expect(report.workerFrames.some((frame) => frame.startsWith('at checkStepsInWorker '))).toBe(true);
    // No frame of this (parent) test file: the stack is not the parent's.
    expect(report.stack).not.toContain('child-error.test.ts');
  });
});

describe('workerFramesOf', () => {
  it("keeps the frames in the worker's file, trimmed, and nothing else", () => {
    const stack = [
      'Error: no',
      '    at fault (/app/out/main/workers/filter.worker.js:10:5)',
      '    at Array.forEach (<anonymous>)',
      '    at run (/app/out/main/chunks/pool.js:3:1)',
      '    at /app/out/main/workers/filter.worker.js:20:1',
    ].join('\n');
    expect(workerFramesOf(stack)).toEqual([
      'at fault (/app/out/main/workers/filter.worker.js:10:5)',
      'at /app/out/main/workers/filter.worker.js:20:1',
    ]);
  });
});
