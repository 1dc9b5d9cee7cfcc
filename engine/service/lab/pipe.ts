import { decodeImage } from '../../images/index';
import { runPipe } from '../../lab/pipe';
import type { LabRunner } from './types';

/** The pipe on one photo: one progress step for the decode, one per round of every channel. */
export const pipeRunner: LabRunner<'pipe'> = async (run, request, [image]) => {
  const total = request.runs + 1;
  run.progress(0, total, `Decoding ${image.name}`);
  const pixels = await decodeImage(image.path);
  run.signal.throwIfAborted();
  const producers = `${request.workers} producer${request.workers === 1 ? '' : 's'}`;
  run.progress(
    1,
    total,
    `Warming up, then run 1/${request.runs}: thread pipe, process pipe, queue of ${producers}`,
  );
  return runPipe(pixels, {
    workers: request.workers,
    runs: request.runs,
    label: image.name,
    // The desktop app's utilityProcess: it forks no node (its runAsNode fuse is off).
    processSpawner: run.processSpawner,
    signal: run.signal,
    onRound: (done) =>
      run.progress(
        done + 1,
        total,
        done < request.runs
          ? `Run ${done + 1}/${request.runs}: thread pipe, process pipe, queue of ${producers}`
          : 'Done',
      ),
  });
};
