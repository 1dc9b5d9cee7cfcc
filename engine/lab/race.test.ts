import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { countInto, HISTOGRAM_BINS, RACE_VARIANTS } from '../../workers/lab/histogram';
import { photoLikePixels } from '../images/test-fixtures';
import { referenceHistogram, rowBands, runRace } from './race';

function rgba(width: number, height: number) {
  return { data: new Uint8Array(photoLikePixels(width, height, 4)), width, height };
}

describe('countInto', () => {
  it.each(RACE_VARIANTS)('%s on one thread counts exactly what the reference counts', (variant) => {
    const image = rgba(37, 23);
    const bins = new Uint32Array(new SharedArrayBuffer(HISTOGRAM_BINS * 4));
    const lock = new Int32Array(new SharedArrayBuffer(4));
    // In two halves, as two threads would, one after the other.
    countInto(variant, image.data, 0, 400, bins, lock);
    countInto(variant, image.data, 400, 37 * 23, bins, lock);
    expect([...bins]).toEqual([...referenceHistogram(image)]);
    expect(lock[0]).toBe(0);
  });
});

describe('rowBands', () => {
  it('covers every row once, more threads than rows included', () => {
    expect(rowBands(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(rowBands(1, 4)).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 1],
    ]);
  });
});

describe('runRace', () => {
  it('atomic, lock and private are exact in every bin; unsynchronised never counts more', async () => {
    const image = rgba(64, 41);
    const report = await runRace(image, 3, { runs: 2 });
    expect(report).toMatchObject({
      width: 64,
      height: 41,
      pixels: 64 * 41,
      expected: 64 * 41 * 3,
      workers: 3,
    });
    expect(report.variants.map((v) => v.name)).toEqual([...RACE_VARIANTS]);
    for (const v of report.variants) {
      expect(v.total + v.lost, v.name).toBe(report.expected);
      expect(v.lost, v.name).toBeGreaterThanOrEqual(0);
      expect(
        v.runs.map((run) => run.threadMs.length),
        v.name,
      ).toEqual([3, 3]);
      expect(v.runs.map((run) => run.ms)).toContain(v.ms);
      if (v.name !== 'unsynchronised') expect([v.name, v.lost, v.exact]).toEqual([v.name, 0, true]);
    }
  });

  it.runIf(availableParallelism() >= 2)(
    'unsynchronised increments lose counts when two threads race on the same bins',
    async () => {
      // Every pixel the same colour: every increment of both threads hits the same three bins.
      // Long enough (8 MP, tens of ms per thread) that the two overlap even on a machine busy with
      // other tests, which time-slices threads that fit in one slice.
      const [width, height] = [4000, 2000];
      const image = { data: new Uint8Array(width * height * 4).fill(128), width, height };
      let lost = 0;
      for (let attempt = 0; attempt < 10 && lost === 0; attempt++) {
        const report = await runRace(image, 2, { variants: ['unsynchronised', 'atomic'], runs: 1 });
        lost = report.variants[0].lost;
        expect(report.variants[1].runs.map((run) => run.lost)).toEqual([0]);
      }
      expect(lost).toBeGreaterThan(0);
    },
  );
});

describe('runRace progress and cancel', () => {
  it('reports each round as it ends, and stops between runs once the signal is aborted', async () => {
    const image = rgba(16, 8);
    const rounds: [number, number][] = [];
    const report = await runRace(image, 2, { runs: 3, onRound: (done, total) => rounds.push([done, total]) });
    expect(rounds).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(report.variants.every((v) => v.runs.length === 3)).toBe(true);
    // The benchmark's judgement of the machine around the timed runs, and of each variant's times.
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.machine.coresDeliveredBefore).not.toBeNull();
    expect(report.noise.noisy.every((s) => s.runs === 3 && s.cv > report.noise.noisyAbove)).toBe(true);
    const figures = report.noise.noisy.map((s) => s.figure);
    expect(figures.every((f) => /^(unsynchronised|atomic|lock|private): time$/.test(f))).toBe(true);

    const controller = new AbortController();
    const stopped = runRace(image, 2, {
      runs: 50,
      signal: controller.signal,
      onRound: (done) => {
        if (done === 2) controller.abort(new Error('enough'));
      },
    });
    await expect(stopped).rejects.toThrow('enough');
  });
});
