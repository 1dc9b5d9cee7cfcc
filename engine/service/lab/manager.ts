import { runManager } from '../../lab/manager';
import type { LabRunner } from './types';

/** Progress updates by message and in shared memory: a step per mode. No photos. */
export const managerRunner: LabRunner<'manager'> = (run, request) =>
  runManager(request.workers, request.updates, { signal: run.signal, onStep: run.progress });
