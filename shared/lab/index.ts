/**
 * The multiprocessing lab's words, in one place for the CLI (`pixelpool lab …`) and the app's Lab panel
 * (docs/lab.md). One file per experiment holds its request, its report, the Python API it mirrors and the
 * sentences that tie a result to the idea; this one lists them. Pure: no engine code is imported, and the
 * engine declares its reports as these types.
 *
 * Adding an experiment to the app: its file here (request, result, words), its entry in LAB_EXPERIMENTS,
 * LAB_INPUTS and the two unions below, its schema (engine/service/lab-schemas.ts), its runner
 * (engine/service/lab-runners.ts) and its view (renderer/src/components/lab/LabPanel.tsx).
 */
import type { LabInputs } from './common';
import type { LabPipeRequest, LabPipeResult } from './pipe';
import type { LabRaceRequest, LabRaceResult } from './race';

export * from './common';
export * from './pipe';
export * from './race';

/** The experiments the app runs as jobs; the Lab panel lists them in this order. */
export const LAB_EXPERIMENTS = ['race', 'pipe'] as const;
export type LabExperiment = (typeof LAB_EXPERIMENTS)[number];

/** How the app names each experiment, and the idea it is about, in a few words. */
export const LAB_EXPERIMENT_INFO: Record<LabExperiment, { title: string; idea: string }> = {
  race: { title: 'Race', idea: 'shared memory: Array, Value, Lock' },
  pipe: { title: 'Pipe', idea: 'two ends against many producers: Pipe, Queue' },
};

/** What each experiment runs on; the service resolves the request's images by it. */
export const LAB_INPUTS: Record<LabExperiment, LabInputs> = {
  race: 'one',
  pipe: 'one',
};

/** startLab's request: one shape per experiment. */
export type StartLabRequest = LabRaceRequest | LabPipeRequest;
/** One result type per experiment, told apart by `experiment`. */
export type LabResult = LabRaceResult | LabPipeResult;

/** Every experiment listed has a request and a result, and nothing else has (checked by tsc). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const LAB_UNIONS_COVER_THE_LIST: Same<StartLabRequest['experiment'], LabExperiment> &
  Same<LabResult['experiment'], LabExperiment> = true;
