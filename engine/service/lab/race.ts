import { decodeImage } from '../../images/index';
import { runRace } from '../../lab/race';
import type { LabRunner } from './types';

/** The race on one photo: one progress step for the decode, one per round of every variant. */
export const raceRunner: LabRunner<'race'> = async (run, request, [image]) => {
  const total = request.runs + 1;
  run.progress(0, total, `Decoding ${image.name}`);
  const pixels = await decodeImage(image.path);
  const threads = `${request.workers} worker${request.workers === 1 ? '' : 's'}`;
  run.progress(1, total, `Warming up, then run 1/${request.runs}: ${threads}, every variant`);
  return runRace(pixels, request.workers, {
    runs: request.runs,
    signal: run.signal,
    onRound: (done) =>
      run.progress(
        done + 1,
        total,
        done < request.runs ? `Run ${done + 1}/${request.runs}: ${threads}, every variant` : 'Done',
      ),
  });
};
