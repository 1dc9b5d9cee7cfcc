import type { LabExperiment } from '../../../shared/lab';
import { coresRunner } from './cores';
import { machinesRunner } from './machines';
import { managerRunner } from './manager';
import { pipeRunner } from './pipe';
import { poolRunner } from './pool';
import { processesRunner } from './processes';
import { queueRunner } from './queue';
import { raceRunner } from './race';
import type { LabRunner } from './types';

/** Each experiment's runner; the job (engine/service/lab-job.ts) picks one by the request's `experiment`. */
export const LAB_RUNNERS: { [E in LabExperiment]: LabRunner<E> } = {
  race: raceRunner,
  queue: queueRunner,
  pipe: pipeRunner,
  pool: poolRunner,
  processes: processesRunner,
  manager: managerRunner,
  cores: coresRunner,
  machines: machinesRunner,
};
