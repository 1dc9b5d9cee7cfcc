import { runProcesses } from '../../lab/processes';
import { decodeLabPhotos } from './photos';
import type { LabRunner } from './types';

/** Threads against processes on the photos: a step per photo decoded, then the engine's steps. */
export const processesRunner: LabRunner<'processes'> = async (run, request, images) => {
  // The engine's step count is known once it starts; until then the decode counts against a guess.
  const decoded = await decodeLabPhotos(run, images, images.length + 1);
  const { images: _count, ...report } = await runProcesses(decoded, request.steps, {
    workers: request.workers,
    runs: request.runs,
    signal: run.signal,
    // The desktop app's utilityProcess: it forks no node (its runAsNode fuse is off).
    processSpawner: run.processSpawner,
    onStep: (done, total, label) => run.progress(images.length + done, images.length + total, label),
  });
  return report;
};
