import { describe, expect, it } from 'vitest';
import type { PipelineStep } from '../../workers/filters/types';
import { photoLikePixels } from '../images/test-fixtures';
import { runSerial } from '../pool/serial';
import { POOL_METHODS, type PoolMethod, runPoolMethods } from './pool-methods';

const STEPS: PipelineStep[] = [{ id: 'gaussian-blur', params: { sigma: 2 } }];

function rgba(width: number, height: number, label: string) {
  return { data: new Uint8Array(photoLikePixels(width, height, 4)), width, height, label };
}

describe('runPoolMethods', () => {
  it('runs every method on every image once, each result equal to the serial output', async () => {
    const images = [rgba(40, 30, 'a'), rgba(23, 57, 'b'), rgba(64, 16, 'c')];
    const serial = images.map((image) => runSerial(image, STEPS).data);
    const seen = new Map<PoolMethod, number[]>();
    const report = await runPoolMethods(images, {
      workers: 2,
      steps: STEPS,
      checkMachine: false,
      rounds: 2,
      onResult(method, result) {
        seen.set(method, [...(seen.get(method) ?? []), result.index]);
        expect(Buffer.from(result.image.data).equals(Buffer.from(serial[result.index])), method).toBe(true);
      },
    });
    expect(report.methods.map((m) => m.name)).toEqual([...POOL_METHODS]);
    expect(report.photos.map((i) => i.label)).toEqual(['a', 'b', 'c']);
    expect([report.workers, report.rounds]).toEqual([2, 2]);
    for (const method of report.methods) {
      // Two rounds: every image twice in all, once per round.
      expect([...(seen.get(method.name) ?? [])].sort(), method.name).toEqual([0, 0, 1, 1, 2, 2]);
      expect(method.roundsMs).toHaveLength(2);
      expect(method.roundsMs).toContain(method.totalMs);
      expect(method.arrivals.map((a) => a.index).sort(), method.name).toEqual([0, 1, 2]);
      expect(method.arrivals.map((a) => a.label).sort()).toEqual(['a', 'b', 'c']);
      for (const arrival of method.arrivals) expect(arrival.ms).toBeLessThanOrEqual(method.totalMs);
    }
    const by = Object.fromEntries(report.methods.map((m) => [m.name, m]));
    // map hands every result over at once, when the last is done.
    expect(new Set(by.map.arrivals.map((a) => a.ms)).size).toBe(1);
    // imap (ordered) and apply deliver in input order.
    expect(by.imap.arrivals.map((a) => a.index)).toEqual([0, 1, 2]);
    expect(by.apply.arrivals.map((a) => a.index)).toEqual([0, 1, 2]);
    expect(report.machine.warnings).toEqual([]);
  });

  it('reports each method of each round, runs the failing task last, and stops between methods on abort', async () => {
    const images = [rgba(32, 24, 'a'), rgba(24, 32, 'b')];
    const steps: [number, number][] = [];
    const report = await runPoolMethods(images, {
      workers: 2,
      steps: STEPS,
      checkMachine: false,
      rounds: 2,
      onStep: (done, total) => steps.push([done, total]),
    });
    expect(steps).toEqual(Array.from({ length: 10 }, (_, k) => [k + 1, 10]));
    expect(report.childError).toMatchObject({
      name: 'PipelineError',
      callbackGotIt: true,
      getReraised: true,
    });
    expect(report.childError?.workerFrames.length).toBeGreaterThan(0);

    // Aborted after the second method: no third method starts, and the run rejects with the reason.
    const controller = new AbortController();
    const seen: number[] = [];
    const stopped = runPoolMethods(images, {
      workers: 1,
      steps: STEPS,
      checkMachine: false,
      rounds: 100,
      signal: controller.signal,
      onStep: (done) => {
        seen.push(done);
        if (done === 2) controller.abort(new Error('stop here'));
      },
    });
    await expect(stopped).rejects.toThrow('stop here');
    expect(seen).toEqual([1, 2]);
  });

  it('leaves the failing task out when asked', async () => {
    const report = await runPoolMethods([rgba(16, 16, 'a')], {
      workers: 1,
      steps: STEPS,
      checkMachine: false,
      rounds: 1,
      childError: false,
    });
    expect(report.childError).toBeUndefined();
  });

  it('refuses an empty input', async () => {
    await expect(runPoolMethods([], { workers: 1, steps: STEPS, checkMachine: false })).rejects.toThrow(
      /no images/,
    );
  });
});
