import type { LabExperiment } from '../../../shared/lab';
import { pipeRunner } from './pipe';
import { raceRunner } from './race';
import type { LabRunner } from './types';

/** Each experiment's runner; the job (engine/service/lab-job.ts) picks one by the request's `experiment`. */
export const LAB_RUNNERS: { [E in LabExperiment]: LabRunner<E> } = {
  race: raceRunner,
  pipe: pipeRunner,
};
