/**
 * The cores experiment's words and shapes (shared/lab/index.ts has the lab's list): oversubscription, the
 * same pipeline through pools of 1 to twice the cores, the request the app sends, the report it gets
 * back (engine/lab/cores.ts declares its report as these types) and the sentences that tie a result to
 * the idea. Pure: no engine code.
 */
import type { PipelineStep } from '../../workers/filters/types';
import { type LabRequestBase, type LabResultBase, photoCount } from './common';
import type { LabMachine, LabNoise } from './machine';

/** The pipeline when none is given, the CLI's and the app's: a blur, as photos get. */
export const CORES_DEFAULT_STEPS: readonly PipelineStep[] = [{ id: 'gaussian-blur', params: { sigma: 3 } }];

/**
 * The largest pool the app may ask for: every count up to it gets a pool of its own, all alive at once
 * (so they can take turns), which is 136 threads at 16.
 */
export const CORES_MAX_WORKERS = 16;

/** A throughput gain smaller than this (5%) is within run-to-run noise: it does not count as helping. */
export const GAIN_THAT_COUNTS = 1.05;

/** The Python advice the experiment tests. */
export const CORES_PYTHON = 'Pool(processes=os.cpu_count())';

/** One worker count's runs (engine/lab/cores.ts CoresPoint). */
export interface LabCoresPoint {
  workers: number;
  /** Median over the runs of the time to filter every image, ms. */
  ms: number;
  runsMs: number[];
  megapixelsPerSecond: number;
  /** Throughput over the 1-worker pool's. */
  speedup: number;
}

/** The cores experiment's report (engine/lab/cores.ts CoresReport). */
export interface LabCoresReport {
  /** The pipeline, as the CLI writes it. */
  filters: string;
  cores: number;
  images: number;
  megapixels: number;
  runs: number;
  points: LabCoresPoint[];
  /** The worker count after which no larger one was at least GAIN_THAT_COUNTS faster. */
  stopsHelpingAt: number;
  machine: LabMachine;
  noise: LabNoise;
}

/** The smallest worker count that no larger count beat by GAIN_THAT_COUNTS: where adding workers stopped helping. */
export function whereItStopsHelping(
  points: readonly Pick<LabCoresPoint, 'workers' | 'megapixelsPerSecond'>[],
): number {
  for (const point of points) {
    const better = points.some(
      (other) =>
        other.workers > point.workers &&
        other.megapixelsPerSecond >= point.megapixelsPerSecond * GAIN_THAT_COUNTS,
    );
    if (!better) return point.workers;
  }
  return points.at(-1)?.workers ?? 1;
}

/** Whether the largest pool measured was still the best by the rule: the stop lies beyond the counts run. */
export function stillHelping(report: Pick<LabCoresReport, 'points' | 'stopsHelpingAt'>): boolean {
  return report.points.length > 1 && report.stopsHelpingAt === report.points.at(-1)?.workers;
}

/** How the stop is named beside its count, in the table and the chart. */
export function stopWords(report: Pick<LabCoresReport, 'points' | 'stopsHelpingAt'>): string {
  return stillHelping(report) ? 'still helping' : 'stopped helping';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the experiment did, in two sentences: the head of its result. */
export function coresIntro(report: LabCoresReport | LabCoresResult): string[] {
  return [
    `Cores: ${plural(photoCount(report.images), 'photo')} (${report.megapixels.toFixed(1)} MP), ${report.filters}, filtered by pools of 1 to ${report.points.length} workers on ${plural(report.cores, 'core')};`,
    `the worker counts take turns, ${plural(report.runs, 'timed run')} each after a warm-up; median of the runs.`,
  ];
}

/** What it shows: where adding workers stopped helping, what the counts past the cores gave, and why. */
export function coresFindings(report: LabCoresReport | LabCoresResult): string[] {
  const gain = Math.round((GAIN_THAT_COUNTS - 1) * 100);
  const at = report.points.find((p) => p.workers === report.stopsHelpingAt);
  const upToCores = report.points.filter((p) => p.workers <= report.cores);
  const bestUpToCores = Math.max(0, ...upToCores.map((p) => p.megapixelsPerSecond));
  const past = report.points.filter((p) => p.workers > report.cores);
  const speedup = at ? ` (${at.speedup.toFixed(2)}x one worker's throughput)` : '';
  const findings = [
    stillHelping(report)
      ? `Adding workers still helped at the largest pool measured, ${report.stopsHelpingAt}${speedup}: no count was found where it stopped.`
      : `Adding workers stopped helping at ${report.stopsHelpingAt}${speedup}: no larger pool was ${gain}% faster.`,
  ];
  if (past.length > 0) {
    // Past the cores threads only share them: a real gain there is impossible, so it is the machine's.
    const gained =
      upToCores.length > 0 && past.some((p) => p.megapixelsPerSecond >= bestUpToCores * GAIN_THAT_COUNTS);
    findings.push(
      `Past the ${plural(report.cores, 'core')}, ${past.map((p) => `${p.workers} workers gave ${p.speedup.toFixed(2)}x`).join(', ')}: ${
        gained
          ? 'more workers than cores can only take turns on them, so a gain there came from the machine (other work leaving the cores between runs, or noise: see the warnings), not from the workers.'
          : 'more threads only take turns on the cores, and each costs its memory and start-up.'
      }`,
    );
  }
  findings.push(`Python's ${CORES_PYTHON} is the same advice.`);
  return findings;
}

/** startLab's request for the experiment: the photos (imageIds), a pipeline, the largest pool, runs. */
export interface LabCoresRequest extends LabRequestBase {
  experiment: 'cores';
  /** The pipeline (CORES_DEFAULT_STEPS unless the user picked another). */
  steps: PipelineStep[];
  /** The largest pool (1..CORES_MAX_WORKERS); the app's default is twice the cores. */
  maxWorkers: number;
  /** Timed runs of each worker count (1..maxRepeat). */
  runs: number;
}

/** The experiment's result: the engine's report and what it ran on (the photos named, not counted). */
export interface LabCoresResult extends Omit<LabCoresReport, 'images'>, LabResultBase {
  experiment: 'cores';
}
