import type { LabExperiment, LabImageInfo, LabResult, StartLabRequest } from '../../../shared/lab';
import type { RedisTarget } from '../../distributed/redis-url';
import type { SlotSpawner } from '../../pool/worker-slot';

/** A photo a lab job runs on: a library image's path or a sample photo's. */
export interface LabImage extends LabImageInfo {
  path: string;
}

/** What a runner gets from the job around it. */
export interface LabRun {
  /** Aborted when the user cancels: a runner stops at its next step (throwing is fine: the job says cancelled). */
  signal: AbortSignal;
  /** The job's progress: `done` of `total` steps, and what it is doing now. */
  progress(done: number, total: number, label: string): void;
  /** Logical cores of the machine. */
  cores: number;
  /**
   * How this host starts a child process for the experiments that use one (processes, pipe): the desktop
   * app's utilityProcess (ServiceOptions.processSpawner); left out, the engine's child_process.fork.
   */
  processSpawner?: SlotSpawner;
  /**
   * The worker hosts' Redis for the machines experiment, its password resolved by the service (kept in
   * memory, never in the request a snapshot shows: docs/security.md).
   */
  redis?: RedisTarget;
}

export type LabRequestOf<E extends LabExperiment> = Extract<StartLabRequest, { experiment: E }>;
export type LabResultOf<E extends LabExperiment> = Extract<LabResult, { experiment: E }>;
/** What a runner measures: its result without what the job adds (the experiment, the photos, the cores). */
export type LabFindings<E extends LabExperiment> = Omit<LabResultOf<E>, 'experiment' | 'images' | 'cores'>;

/**
 * One experiment as a service job: the engine's experiment run on the resolved photos (as many as
 * LAB_INPUTS says), reporting progress and honouring the signal.
 */
export type LabRunner<E extends LabExperiment> = (
  run: LabRun,
  request: LabRequestOf<E>,
  images: LabImage[],
) => Promise<LabFindings<E>>;
