/**
 * The race's result as a user reads it, rendered to HTML and read back as text: the exact total, every
 * variant's median time, its counts lost run by run, whether every bin was right, and the sentences
 * naming the Python API each variant mirrors.
 */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LabRaceRun } from '../../../../shared/lab';
import type { LabRaceResult } from '../../api/types';
import { visibleText as text } from '../../lib/test-fixtures';
import { RaceResultView } from './RaceResultView';
import { formatCount, median, medianLost } from './race-figures';

const run = (ms: number, lost: number): LabRaceRun => ({
  total: 3000 - lost,
  lost,
  ms,
  threadMs: [ms * 0.9, ms * 0.8],
  exact: lost === 0,
});

const result: LabRaceResult = {
  experiment: 'race',
  images: [{ name: 'cups.jpg', sample: true }],
  cores: 2,
  width: 40,
  height: 25,
  pixels: 1000,
  expected: 3000,
  workers: 2,
  runs: 3,
  machine: { cores: 2, loadAverage: 0.1, coresDeliveredBefore: 2, coresDeliveredAfter: 2, warnings: [] },
  noise: { noisyAbove: 0.1, noisy: [] },
  variants: [
    {
      name: 'unsynchronised',
      total: 2990,
      lost: 10,
      ms: 3.2,
      exact: false,
      runs: [run(3.2, 10), run(3.1, 0), run(4, 25)],
    },
    {
      name: 'atomic',
      total: 3000,
      lost: 0,
      ms: 13.6,
      exact: true,
      runs: [run(13.6, 0), run(14, 0), run(12, 0)],
    },
    {
      name: 'lock',
      total: 3000,
      lost: 0,
      ms: 20.4,
      exact: true,
      runs: [run(20.4, 0), run(21, 0), run(19, 0)],
    },
    {
      name: 'private',
      total: 3000,
      lost: 0,
      ms: 1.1,
      exact: true,
      runs: [run(1.1, 0), run(1, 0), run(1.2, 0)],
    },
  ],
};

describe('RaceResultView', () => {
  const html = renderToString(<RaceResultView result={result} charts={false} />);
  const words = text(html);

  it('says the exact total and what it is made of', () => {
    expect(words).toContain('3 000');
    expect(words).toContain('exact total: 1 000 pixels × 3 channels (40×25, cups.jpg, a sample photo)');
    expect(words).toContain('2 worker threads count the R, G and B histogram of a 40x25 photo');
  });

  it('shows each variant with its median time, the counts lost in every run and whether every bin was right', () => {
    const rows = html
      .split('data-testid="lab-race-row"')
      .slice(1)
      .map((row) => text(row.slice(row.indexOf('>') + 1, row.indexOf('</tr>'))).trim());
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(/^Unsynchronised .*multiprocessing\.Array\(lock=False\) 3\.2 10 · 0 · 25 no/);
    expect(rows[1]).toMatch(/^Atomics\.add .*get_lock.* 13\.6 0 · 0 · 0 yes/);
    expect(rows[2]).toMatch(/^Lock .*with arr\.get_lock\(\): 20\.4 0 · 0 · 0 yes/);
    expect(rows[3]).toMatch(/^Private counts .*merged by the parent.* 1\.1 0 · 0 · 0 yes/);
    expect(words).toContain(
      'Median ms: wall time from the start line to the last thread done, the median of 3 runs',
    );
    expect(words).toContain(
      '2 of 3 unsynchronised runs that lost counts (median 10 lost, 0.33% of the total)',
    );
  });

  it('ties the numbers to the idea and names the Python API each variant mirrors', () => {
    expect(words).toContain('unsynchronised lost counts in 2 of 3 runs');
    expect(words).toContain('(Python: multiprocessing.Array(lock=False))');
    expect(words).toContain(
      'atomic: Atomics.add makes each count one indivisible read-modify-write, exact (12.4x the time of private)',
    );
    expect(words).toContain("a Value's lock held for one increment");
    expect(words).toContain('as `with arr.get_lock():` does, exact (18.5x the time of private)');
    expect(words).toContain('private: each thread counts into bins of its own');
  });

  it('says when the threads never collided', () => {
    const calm: LabRaceResult = {
      ...result,
      workers: 1,
      variants: result.variants.map((v) => ({
        ...v,
        lost: 0,
        exact: true,
        runs: v.runs.map((r) => run(r.ms, 0)),
      })),
    };
    const calmWords = text(renderToString(<RaceResultView result={calm} charts={false} />));
    expect(calmWords).toContain('unsynchronised lost nothing in 3 runs: the threads never collided');
    expect(calmWords).toContain('one thread cannot race itself');
  });
});

describe('race figures', () => {
  it('takes medians and groups digits the same on every locale', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(medianLost(result.variants[0])).toBe(10);
    expect(formatCount(12288000)).toBe('12\u202f288\u202f000');
  });
});
