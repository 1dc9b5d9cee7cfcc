import { describe, expect, it } from 'vitest';
import { labWarnings, noiseWarnings } from './machine';
import { pipelineSpecOf, processesFindings, processesIntro, workerCountsUpTo } from './processes';
import { processesResult } from './test-fixtures';

describe('the processes experiment, in words', () => {
  it('says what ran: the photos, the pipeline, the worker counts and the runs', () => {
    expect(processesIntro(processesResult)).toBe(
      'Processes: 2 photos (8.2 MP), gaussian-blur:sigma=3, pools of 1 and 2 workers of each kind; medians of 3 runs.',
    );
    expect(processesIntro({ ...processesResult, images: 1, runs: 1 })).toContain('1 photo (8.2 MP)');
  });

  it('ties start-up, memory, the round trip and the speedup to threading and multiprocessing.Process', () => {
    const [start, memory, speedup, python] = processesFindings(processesResult);
    // 150 / 50 and 80 / 20: the medians of the runs.
    expect(start).toMatch(
      /^A process took 3\.0x a thread's time to start and a photo's round trip cost 4\.0x as much/,
    );
    expect(memory).toBe(
      'Each idle process held 43.0 MB of its own, a thread added 7.0 MB to this one: a process carries a whole Node runtime.',
    );
    expect(speedup).toBe(
      'On 2 workers the pipeline ran 1.95x faster than on one with threads and 1.60x with processes, each kind against one worker of its own kind.',
    );
    expect(python).toContain('multiprocessing.Process over threading.Thread');
  });

  it('says so when a figure came out against the idea: the machine, not the kinds', () => {
    expect(processesFindings(processesResult).join(' ')).not.toContain('no slower');
    const odd = { ...processesResult, processes: { ...processesResult.processes, roundTripMs: 15 } };
    expect(processesFindings(odd)[1]).toBe(
      "Here the process's round trip came out no slower than the thread's, against what a pipe and a whole runtime cost: other work on the machine moved these runs more than the difference. Run it again, with more runs, on a quieter machine.",
    );
  });

  it('leaves memory out where it could not be read', () => {
    const unread = { ...processesResult, processes: { ...processesResult.processes, rssMbPerWorker: null } };
    expect(processesFindings(unread).join(' ')).not.toContain('MB');
  });

  it('measures every count up to 8, then doubling, always the largest', () => {
    expect(workerCountsUpTo(1)).toEqual([1]);
    expect(workerCountsUpTo(2)).toEqual([1, 2]);
    expect(workerCountsUpTo(8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(workerCountsUpTo(12)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 12]);
    expect(workerCountsUpTo(16)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 16]);
  });

  it('writes a pipeline as the CLI reads it, disabled steps left out', () => {
    expect(
      pipelineSpecOf([
        { id: 'gaussian-blur', params: { sigma: 3 } },
        { id: 'sobel', enabled: false },
        { id: 'median', params: { radius: 2 } },
      ]),
    ).toBe('gaussian-blur:sigma=3,median:radius=2');
  });
});

describe('the lab warnings', () => {
  it('say nothing on a quiet machine with steady runs', () => {
    expect(labWarnings(processesResult)).toEqual([]);
  });

  it("put the machine's warnings first, then the noisy figures with their spread", () => {
    const warnings = labWarnings({
      machine: { ...processesResult.machine, warnings: ['Busy machine: …'] },
      noise: {
        noisyAbove: 0.1,
        noisy: [{ figure: 'processes: start-up', runs: 3, median: 150, min: 100, max: 300, cv: 0.523 }],
      },
    });
    expect(warnings).toEqual([
      'Busy machine: …',
      'Noisy: the runs of one figure varied by more than 10% (coefficient of variation: processes: start-up 52.3%), so their medians are rough. Close other programs and run again, or give it more runs.',
    ]);
    expect(noiseWarnings({ noisyAbove: 0.1, noisy: [] })).toEqual([]);
  });
});
