import { resolvePipeline } from '../../../workers/filters/index';
import { runProcesses } from '../../lab/processes';
import { ServiceError } from '../errors';
import { decodeLabPhotos } from './photos';
import type { LabRunner } from './types';

/**
 * Why a pool of processes cannot start in this host, or null. Electron's main process forks no child
 * (its runAsNode fuse is off: electron/main/packaging.test.ts) until the pool has a utilityProcess slot;
 * the CLI and the web host are plain Node and fork out/main/workers/filter.process.js.
 */
export function processPoolUnavailable(versions: NodeJS.ProcessVersions = process.versions): string | null {
  return versions.electron === undefined
    ? null
    : 'The processes experiment needs child processes, which the desktop app does not start (Electron forks none); run it in the web host (npm run web) or with pixelpool lab processes';
}

/** Threads against processes on the photos: a step per photo decoded, then the engine's steps. */
export const processesRunner: LabRunner<'processes'> = async (run, request, images) => {
  const unavailable = processPoolUnavailable();
  if (unavailable) throw new ServiceError('unavailable', unavailable);
  resolvePipeline(request.steps);
  // The engine's step count is known once it starts; until then the decode counts against a guess.
  const decoded = await decodeLabPhotos(run, images, images.length + 1);
  const { images: _count, ...report } = await runProcesses(decoded, request.steps, {
    workers: request.workers,
    runs: request.runs,
    signal: run.signal,
    onStep: (done, total, label) => run.progress(images.length + done, images.length + total, label),
  });
  return report;
};
