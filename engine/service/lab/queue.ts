import { capacityText, stepsSpec } from '../../../shared/lab';
import { runQueueExperiment } from '../../lab/queue';
import type { LabRunner } from './types';

/**
 * The queue experiment on the photos' files: one progress step for the warm-up, one per capacity.
 * Cancel aborts the run in flight (its queues wake every stage) and the capacities after it.
 */
export const queueRunner: LabRunner<'queue'> = async (run, request, images) => {
  const { capacities } = request;
  const total = capacities.length + 1;
  const next = (k: number) =>
    `Capacity ${capacityText(capacities[k])} (${k + 1}/${capacities.length}): decode → filter → encode`;
  run.progress(0, total, `Warming up, then ${next(0)}`);
  const report = await runQueueExperiment(
    images.map((image) => image.path),
    {
      workers: request.workers,
      steps: request.steps,
      capacities,
      signal: run.signal,
      onCapacity: (done) => run.progress(done + 1, total, done < capacities.length ? next(done) : 'Done'),
    },
  );
  return { ...report, filters: stepsSpec(request.steps) };
};
