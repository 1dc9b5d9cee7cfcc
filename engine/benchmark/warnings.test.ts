/** The warning rules on made-up figures: each rule fires on what it is about, and only then. */
import { describe, expect, it } from 'vitest';
import type { Calibration } from './types';
import {
  amdahlTrust,
  machineWarnings,
  machineWasBusy,
  type RunFacts,
  roundsWarnings,
  runWarnings,
  summaryWarning,
} from './warnings';

/** A clean 2-worker run of the filter stage on a 2-core machine. */
const clean: RunFacts = {
  scope: 'filter',
  mode: 'pool',
  workers: 2,
  speedup: 1.88,
  speedupCI: [1.86, 1.9],
  cv: 0.03,
  pairs: 10,
  outliers: 0,
  computeRatio: 1.04,
};
const serial: RunFacts = {
  ...clean,
  mode: 'serial',
  workers: 1,
  speedup: 1,
  speedupCI: [1, 1],
  pairs: 20,
  computeRatio: null,
};
const run = (over: Partial<RunFacts>): RunFacts => ({ ...clean, ...over });

describe('runWarnings', () => {
  it('says nothing of a clean run', () => {
    expect(runWarnings(clean, 2)).toEqual([]);
    expect(runWarnings(serial, 2)).toEqual([]);
  });

  it('calls a spread above 10% noisy, and says what to do', () => {
    const [warning] = runWarnings(run({ cv: 0.16 }), 2);
    expect(warning).toMatch(
      /^Noisy: its run times vary by 16\.0% \(coefficient of variation; above 10% is noisy\)/,
    );
    expect(warning).toContain('Close other programs and run again');
    expect(warning).toContain('--time-budget');
    expect(runWarnings({ ...serial, cv: 0.12 }, 2)).toEqual([expect.stringMatching(/^Noisy: .* 12\.0%/)]);
    expect(runWarnings(run({ cv: 0.1 }), 2)).toEqual([]);
  });

  it('calls an interval wider than ±5% noisy, naming the interval and not a low cv', () => {
    const [warning] = runWarnings(run({ speedupCI: [1.7, 2.0] }), 2);
    expect(warning).toMatch(/^Noisy: its speedup's 95% interval is 1\.70x to 2\.00x \(±8\.0%/);
    expect(warning).not.toContain('run times vary');
  });

  it('says an interval from fewer than 5 pairs is rough', () => {
    expect(runWarnings(run({ pairs: 3 }), 2)).toEqual([expect.stringMatching(/^Few pairs: only 3 pairs/)]);
    expect(runWarnings(run({ pairs: 5 }), 2)).toEqual([]);
  });

  it("calls the issue's 2.44x on 2 workers and 2 cores impossible: above the workers (efficiency 122%) and the cores", () => {
    const warnings = runWarnings(run({ speedup: 2.44, speedupCI: [2.3, 2.5] }), 2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Impossible speedup: 2\.44x on 2 workers/);
    expect(warnings[0]).toContain('more than 2 workers can give (efficiency 122%, above 100%)');
    expect(warnings[0]).toContain("more than the machine's 2 cores can give");
    expect(warnings[0]).toContain('Even its 95% interval is above that.');
  });

  it('flags a 1-worker pool at 105% efficiency, and one barely above 1x with enough digits to read it', () => {
    expect(runWarnings(run({ workers: 1, speedup: 1.05, speedupCI: [0.98, 1.07] }), 2)[0]).toMatch(
      /^Impossible speedup: 1\.05x on 1 worker is more than 1 worker can give \(efficiency 105%, above 100%\).*reaches down to 0\.98x, so it is within the noise/,
    );
    expect(runWarnings(run({ workers: 1, speedup: 1.003, speedupCI: [0.99, 1.01] }), 2)[0]).toContain(
      '1.003x on 1 worker is more than 1 worker can give (efficiency 100.3%, above 100%)',
    );
  });

  it('flags a speedup above the cores with more workers than cores, and the oversubscription', () => {
    const warnings = runWarnings(run({ workers: 4, speedup: 2.3, speedupCI: [2.25, 2.35] }), 2);
    expect(warnings[0]).toMatch(
      /^Impossible speedup: 2\.30x on 4 workers is more than the machine's 2 cores/,
    );
    expect(warnings[0]).not.toContain('more than 4 workers');
    expect(warnings[1]).toMatch(/^Oversubscribed: 4 workers on 2 cores .* cannot pass 2\.00x/);
    expect(runWarnings(run({ workers: 4, speedup: 1.9 }), 2)).toEqual([
      expect.stringMatching(/^Oversubscribed/),
    ]);
  });

  it('in the whole job, explains a speedup above the workers but within the cores instead of calling it impossible', () => {
    const job = run({ scope: 'job', workers: 1, speedup: 1.45, speedupCI: [1.42, 1.48], computeRatio: 1.1 });
    expect(runWarnings(job, 2)).toEqual([
      expect.stringMatching(
        /^Above its workers: 1\.45x on 1 worker \(efficiency 145%.*main thread and sharp's threads/,
      ),
    ]);
    expect(runWarnings({ ...job, workers: 2, speedup: 2.2, speedupCI: [2.1, 2.3] }, 2)[0]).toMatch(
      /^Impossible speedup: 2\.20x on 2 workers is more than 2 workers can give .* and more than the machine's 2 cores/,
    );
  });

  it("always warns when a speedup exceeds its workers or the cores (the issue's interface)", () => {
    for (const scope of ['filter', 'job'] as const) {
      for (const cores of [1, 2, 4, 8]) {
        for (const workers of [1, 2, 3, 4, 8, 16]) {
          for (const speedup of [0.5, 0.99, 1, 1.001, 1.5, 2, 2.01, 3.9, 4.2, 9, 17]) {
            const warnings = runWarnings(
              run({ scope, workers, speedup, speedupCI: [speedup, speedup] }),
              cores,
            );
            if (speedup > workers || speedup > cores)
              expect(warnings.length, `${speedup} ${workers} ${cores}`).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  it('says the cores did not deliver when the workers computed well slower than the serial baseline', () => {
    const warnings = runWarnings(run({ speedup: 0.96, speedupCI: [0.94, 0.98], computeRatio: 2.05 }), 2);
    expect(warnings).toEqual([
      expect.stringMatching(
        /^Cores did not deliver: the workers' compute time added up to 2\.05x the serial compute time/,
      ),
    ]);
    expect(warnings[0]).toContain('not what the pipeline can give');
    expect(runWarnings(run({ computeRatio: 1.29 }), 2)).toEqual([]);
  });

  it("in the job, tells its own stages sharing the cores from the machine, by the filter stage's figure", () => {
    const job = run({ scope: 'job', speedup: 1.4, speedupCI: [1.38, 1.42], computeRatio: 1.9 });
    expect(runWarnings({ ...job, filterComputeRatio: 1.05 }, 2)).toEqual([
      expect.stringMatching(/^Stages share the cores: .*1\.90x .*\(the filter stage alone: 1\.05x\)/),
    ]);
    expect(runWarnings({ ...job, filterComputeRatio: 1.7 }, 2)).toEqual([
      expect.stringMatching(/^Cores did not deliver: .*the filter stage alone was slowed too, 1\.70x/),
    ]);
    expect(runWarnings({ ...job, filterComputeRatio: null }, 2)).toEqual([
      expect.stringMatching(/^Cores did not deliver: .*--scope both tells these apart/),
    ]);
  });
});

const calm: Calibration = { singleMs: 30, parallelMs: [30.5, 31], coresDelivered: 1.95 };

describe('runWarnings of the sharp script', () => {
  const script = run({ scope: 'job', mode: 'reference', speedup: 2.4, computeRatio: null });
  it('warns of its noise and its few pairs as of a pool run, and of nothing that is about workers', () => {
    expect(runWarnings(script, 2)).toEqual([]);
    const noisy = runWarnings({ ...script, speedupCI: [2, 2.8], pairs: 3 }, 2);
    expect(noisy.map((w) => w.split(':')[0])).toEqual(['Noisy', 'Few pairs']);
    expect(noisy[1]).toContain('only 3 pairs of serial and script runs');
    // sharp's threads are not workers: 2.4x from "2 files at a time" is not above anything.
    expect(runWarnings({ ...script, speedup: 5, speedupCI: [4.9, 5.1] }, 4)).toEqual([]);
  });
});

describe('machineWarnings', () => {
  it('says nothing of an idle machine, nor of the load average where the OS has none', () => {
    expect(machineWarnings({ cores: 2, loadAverage: 0.2, before: calm, after: calm })).toEqual([]);
    expect(machineWarnings({ cores: 2, loadAverage: null, before: calm, after: calm })).toEqual([]);
  });

  it('calls the machine busy when the calibration loop on every core got less than 80% of them', () => {
    const busy = {
      cores: 2,
      loadAverage: 0.4,
      before: { ...calm, parallelMs: [30, 45], coresDelivered: 1.5 },
      after: calm,
    };
    expect(machineWasBusy(busy)).toBe(true);
    const [warning] = machineWarnings(busy);
    expect(warning).toMatch(
      /^Busy machine: before the run a short loop on every core at once got 1\.5 of 2 cores' worth of speed\. /,
    );
    expect(warning).toContain('Close other programs and run again.');
  });

  it('calls it busy on a load average of the cores or more, even if the loop got its cores', () => {
    expect(machineWasBusy({ cores: 2, loadAverage: 2, before: calm, after: calm })).toBe(true);
    // A benchmark just before this one leaves about this much in the 1-minute average: not busy.
    expect(machineWasBusy({ cores: 2, loadAverage: 1.7, before: calm, after: calm })).toBe(false);
    expect(
      machineWarnings({ cores: 2, loadAverage: 2.63, before: { ...calm, coresDelivered: 2 }, after: calm }),
    ).toEqual([
      expect.stringMatching(
        /^Busy machine: before the run the load average was 2\.63 on 2 cores \(a short loop on every core at once got 2\.0 of 2 cores' worth of speed at that moment\)\./,
      ),
    ]);
    expect(
      machineWarnings({ cores: 2, loadAverage: 0.2, before: calm, after: { ...calm, singleMs: 20 } })[0],
    ).toMatch(/ran 1\.50x faster after the run than before/);
    expect(
      machineWasBusy({ cores: 8, loadAverage: 2, before: { ...calm, coresDelivered: 7.9 }, after: null }),
    ).toBe(false);
  });

  it('says when the machine got busy during the run, and when its speed changed', () => {
    expect(
      machineWarnings({ cores: 2, loadAverage: 0.2, before: calm, after: { ...calm, coresDelivered: 1.2 } }),
    ).toEqual([expect.stringMatching(/^Busy machine: after the run .* got 1\.2 of 2 cores/)]);
    expect(
      machineWarnings({ cores: 2, loadAverage: 0.2, before: calm, after: { ...calm, singleMs: 39 } }),
    ).toEqual([
      expect.stringMatching(
        /^Machine speed changed: the same loop on one thread ran 1\.30x slower after the run than before/,
      ),
    ]);
    expect(
      machineWarnings({ cores: 2, loadAverage: 0.2, before: calm, after: { ...calm, singleMs: 34 } }),
    ).toEqual([]);
  });
});

describe('roundsWarnings', () => {
  it('says nothing in fixed mode or when every interval settled', () => {
    expect(
      roundsWarnings({
        stoppedBy: 'repeat',
        budgetSeconds: null,
        spentSeconds: 30,
        rounds: 5,
        unsettled: ['x'],
      }),
    ).toEqual([]);
    expect(
      roundsWarnings({
        stoppedBy: 'converged',
        budgetSeconds: 20,
        spentSeconds: 12,
        rounds: 6,
        unsettled: [],
      }),
    ).toEqual([]);
  });

  it('names what did not settle when the budget ran out, and a budget too short for the minimum rounds', () => {
    const [warning] = roundsWarnings({
      stoppedBy: 'budget',
      budgetSeconds: 20,
      spentSeconds: 19,
      rounds: 7,
      unsettled: ['2 workers, shared ±4.1%'],
    });
    expect(warning).toMatch(
      /^Not settled: the time budget was spent before every interval was within ±3% .*2 workers, shared ±4\.1%/,
    );
    expect(warning).not.toContain('too short');
    expect(
      roundsWarnings({
        stoppedBy: 'budget',
        budgetSeconds: 5,
        spentSeconds: 14,
        rounds: 3,
        unsettled: ['a'],
      })[0],
    ).toContain('The budget (5 s) was too short even for 3 rounds (took 14 s).');
  });
});

describe('summaryWarning', () => {
  it('counts the runs that carry warnings', () => {
    expect(summaryWarning([{ warnings: [] }, { warnings: [] }])).toEqual([]);
    expect(summaryWarning([{ warnings: ['a', 'b'] }, { warnings: [] }, { warnings: ['c'] }])).toEqual([
      '2 of 3 runs carry warnings: see each run.',
    ]);
  });
});

describe('amdahlTrust', () => {
  const point = { scope: 'filter' as const, workers: 2, speedup: 1.88, computeRatio: 1.04 };

  it('trusts a fit of clean runs on an idle machine', () => {
    expect(amdahlTrust([point], false, [], 2)).toEqual({ trusted: true, note: null });
  });

  it("does not present the issue's 0.96x on a busy machine as the pipeline's serial fraction", () => {
    const { trusted, note } = amdahlTrust([{ ...point, speedup: 0.96, computeRatio: 2.05 }], false, [], 2);
    expect(trusted).toBe(false);
    expect(note).toMatch(
      /^Not a property of the pipeline: the cores did not deliver \(the workers' compute time was 2\.05x the serial one at 2 workers\)/,
    );
  });

  it('distrusts it on a busy machine and with a speedup beyond its workers', () => {
    expect(amdahlTrust([point], true, [], 2)).toMatchObject({
      trusted: false,
      note: expect.stringContaining('the machine was busy'),
    });
    expect(amdahlTrust([{ ...point, speedup: 2.4 }], false, [], 2)).toMatchObject({
      trusted: false,
      note: expect.stringContaining(
        "a speedup beyond its workers (2.40x at 2 workers) is outside what Amdahl's law can fit",
      ),
    });
  });

  it('keeps trusting a job whose own stages share the cores, and says which runs were left out of the fit', () => {
    const job = {
      ...point,
      scope: 'job' as const,
      speedup: 1.4,
      computeRatio: 1.9,
      filterComputeRatio: 1.05,
    };
    expect(amdahlTrust([job], false, [], 2).trusted).toBe(true);
    expect(amdahlTrust([{ ...job, filterComputeRatio: null }], false, [], 2).trusted).toBe(false);
    expect(amdahlTrust([point], false, [4, 8], 2)).toEqual({
      trusted: true,
      note: 'Left out of the fit: 4 workers, 8 workers on 2 cores (more workers than cores are limited by the cores, not by the pipeline).',
    });
  });
});
