import type {
  JobState,
  LabImageInfo,
  LabRaceResult,
  PixelPoolEvent,
  StartLabRequest,
} from '../../shared/contract';
import type { LabRaceReport, LabRaceRun, LabRaceVariant } from '../../shared/lab';
import { decodeImage } from '../images/index';
import { type RaceReport, runRace } from '../lab/race';
import type { JobManager, LabRecord } from './jobs';

export interface LabJobContext {
  jobs: JobManager;
  emit(event: PixelPoolEvent): void;
  cores: number;
}

/** The photo a lab job runs on: a library image's path or a sample photo's. */
export interface LabImage extends LabImageInfo {
  path: string;
}

/** The run whose time is the median (the lower one of an even count), as engine/lab/race.ts picks it. */
function medianRun(runs: readonly LabRaceRun[]): LabRaceRun {
  return [...runs].sort((a, b) => a.ms - b.ms)[Math.floor((runs.length - 1) / 2)];
}

/**
 * The rounds' reports as one: every variant's runs in order, its median run's time, total and loss, and
 * exact only if every run was. The same figures runRace gives for `runs` rounds in one call.
 */
export function mergeRaceRounds(rounds: readonly RaceReport[]): LabRaceReport {
  // The engine's report is the shared one's shape: checked here, where one becomes the other.
  const first: LabRaceReport = rounds[0];
  const variants = first.variants.map((v): LabRaceVariant => {
    const runs = rounds.flatMap((round) => round.variants.find((r) => r.name === v.name)?.runs ?? []);
    const middle = medianRun(runs);
    return {
      name: v.name,
      total: middle.total,
      lost: middle.lost,
      ms: middle.ms,
      exact: runs.every((run) => run.exact),
      runs,
    };
  });
  return { ...first, runs: rounds.length, variants };
}

/**
 * Starts a lab experiment as a job. The race runs one round per runRace call (every variant once, after
 * its warm-up, in workers of their own): runRace takes neither a progress callback nor an AbortSignal,
 * so this is what gives the job progress run by run and lets a cancel stop it after the round in
 * flight (well under a second on a photo). The rounds are merged as runRace merges its runs.
 */
export function startLabJob(ctx: LabJobContext, request: StartLabRequest, image: LabImage): string {
  return ctx.jobs.start<LabRecord>(
    { kind: 'lab', request, result: null },
    async (record): Promise<JobState> => {
      const jobId = record.job.jobId;
      const signal = record.controller.signal;
      // One step for the decode, one per timed run; `done` counts the steps finished.
      const total = request.runs + 1;
      const progress = (done: number, label: string) => {
        const value = { done, total, label };
        ctx.jobs.progress(record, value);
        ctx.emit({ type: 'lab-progress', jobId, progress: value });
      };
      progress(0, `Decoding ${image.name}`);
      const pixels = await decodeImage(image.path);
      const rounds: RaceReport[] = [];
      for (let round = 0; round < request.runs; round++) {
        if (signal.aborted) return 'cancelled';
        progress(
          round + 1,
          `Run ${round + 1}/${request.runs}: ${request.workers} worker${request.workers === 1 ? '' : 's'}, every variant`,
        );
        rounds.push(await runRace(pixels, request.workers, { runs: 1 }));
      }
      if (signal.aborted) return 'cancelled';
      progress(total, 'Done');
      const result: LabRaceResult = {
        experiment: 'race',
        image: { name: image.name, sample: image.sample },
        cores: ctx.cores,
        ...mergeRaceRounds(rounds),
      };
      record.result = result;
      ctx.emit({ type: 'lab-done', jobId, result });
      return 'done';
    },
  );
}
