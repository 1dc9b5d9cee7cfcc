/**
 * The multiprocessing lab's words, in one place for the CLI (`pixelpool lab …`) and the app's Lab panel
 * (docs/lab.md). One file per experiment holds its request, its report, the Python API it mirrors and the
 * sentences that tie a result to the idea; this one lists them. Pure: no engine code is imported, and the
 * engine declares its reports as these types.
 *
 * Adding an experiment to the app: its file here (request, result, words), its entry in LAB_EXPERIMENTS,
 * LAB_INPUTS and the two unions below, its schema (engine/service/lab-schemas.ts), its runner
 * (engine/service/lab/runners.ts) and its view (renderer/src/components/lab/LabPanel.tsx).
 */
import type { LabInputs } from './common';
import type { LabCoresRequest, LabCoresResult } from './cores';
import type { LabMachinesRequest, LabMachinesResult } from './machines';
import type { LabManagerRequest, LabManagerResult } from './manager';
import type { LabPipeRequest, LabPipeResult } from './pipe';
import type { LabPoolRequest, LabPoolResult } from './pool';
import type { LabProcessesRequest, LabProcessesResult } from './processes';
import type { LabQueueRequest, LabQueueResult } from './queue';
import type { LabRaceRequest, LabRaceResult } from './race';

export * from './common';
export * from './cores';
export * from './machine';
export * from './machines';
export * from './manager';
export * from './pipe';
export * from './pool';
export * from './processes';
export * from './queue';
export * from './race';

/** The experiments the app runs as jobs; the Lab panel lists them in this order. */
export const LAB_EXPERIMENTS = [
  'race',
  'processes',
  'queue',
  'pipe',
  'pool',
  'manager',
  'cores',
  'machines',
] as const;
export type LabExperiment = (typeof LAB_EXPERIMENTS)[number];

/** How the app names each experiment, and the idea it is about, in a few words. */
export const LAB_EXPERIMENT_INFO: Record<LabExperiment, { title: string; idea: string }> = {
  race: { title: 'Race', idea: 'shared memory: Array, Value, Lock' },
  processes: { title: 'Processes', idea: 'threads or processes: threading, Process' },
  queue: { title: 'Queue', idea: 'producer/consumer: Queue(maxsize), the sentinel' },
  pipe: { title: 'Pipe', idea: 'two ends against many producers: Pipe, Queue' },
  pool: { title: 'Pool', idea: 'apply, apply_async, map, imap; errors from children' },
  manager: { title: 'Manager', idea: 'state behind a proxy: Manager().Value' },
  cores: { title: 'Cores', idea: 'oversubscription: Pool(os.cpu_count())' },
  machines: { title: 'Machines', idea: 'many machines: a job queue (BullMQ on Redis)' },
};

/** What each experiment runs on; the service resolves the request's images by it. */
export const LAB_INPUTS: Record<LabExperiment, LabInputs> = {
  race: 'one',
  processes: 'many',
  queue: 'many',
  pipe: 'one',
  pool: 'many',
  manager: 'none',
  cores: 'many',
  machines: 'many',
};

/** startLab's request: one shape per experiment. */
export type StartLabRequest =
  | LabRaceRequest
  | LabProcessesRequest
  | LabQueueRequest
  | LabPipeRequest
  | LabPoolRequest
  | LabManagerRequest
  | LabCoresRequest
  | LabMachinesRequest;
/** One result type per experiment, told apart by `experiment`. */
export type LabResult =
  | LabRaceResult
  | LabProcessesResult
  | LabQueueResult
  | LabPipeResult
  | LabPoolResult
  | LabManagerResult
  | LabCoresResult
  | LabMachinesResult;

/** Every experiment listed has a request and a result, and nothing else has (checked by tsc). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const LAB_UNIONS_COVER_THE_LIST: Same<StartLabRequest['experiment'], LabExperiment> &
  Same<LabResult['experiment'], LabExperiment> = true;
