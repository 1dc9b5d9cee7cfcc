import { runCores } from '../../lab/cores';
import { decodeLabPhotos } from './photos';
import type { LabRunner } from './types';

/** Pools of 1 to maxWorkers on the photos: a step per photo decoded, then one per run of each count. */
export const coresRunner: LabRunner<'cores'> = async (run, request, images) => {
  const decoded = await decodeLabPhotos(run, images, images.length + 1);
  const { images: _count, ...report } = await runCores(decoded, request.steps, {
    maxWorkers: request.maxWorkers,
    runs: request.runs,
    cores: run.cores,
    signal: run.signal,
    onStep: (done, total, label) => run.progress(images.length + done, images.length + total, label),
  });
  return report;
};
