import { stepsSpec } from '../../../shared/lab';
import { decodeImage } from '../../images/index';
import { POOL_METHODS, runPoolMethods } from '../../lab/pool-methods';
import type { LabRunner } from './types';

/**
 * The pool experiment on the photos: one progress step per decode, one per method of every round, and
 * the failing task last. Cancel stops it between two decodes or two methods.
 */
export const poolRunner: LabRunner<'pool'> = async (run, request, images) => {
  const methods = request.rounds * POOL_METHODS.length;
  const total = images.length + methods;
  const decoded = [];
  for (const [k, image] of images.entries()) {
    run.signal.throwIfAborted();
    run.progress(k, total, `Decoding ${image.name}`);
    decoded.push({ ...(await decodeImage(image.path)), label: image.name });
  }
  const round = (done: number) =>
    `Round ${Math.min(request.rounds, Math.floor(done / POOL_METHODS.length) + 1)}/${request.rounds}: ${POOL_METHODS[done % POOL_METHODS.length]}`;
  run.progress(images.length, total, `Warming up the pool, then ${round(0)}`);
  const report = await runPoolMethods(decoded, {
    workers: request.workers,
    steps: request.steps,
    rounds: request.rounds,
    signal: run.signal,
    onStep: (done) =>
      run.progress(
        images.length + done,
        total,
        done < methods ? round(done) : 'A task that throws in a worker, and what the parent gets',
      ),
  });
  return { ...report, filters: stepsSpec(request.steps) };
};
