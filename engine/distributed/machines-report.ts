/**
 * The machines experiment's figures from its runs (machines.ts): pure, so that they can be checked
 * against known values. Each host count's throughput, its speedup over one host paired round by round
 * (the same round's one-host run, so that a slow stretch of the machines weighs on both sides alike),
 * and the median run's timeline with its times on one axis.
 */
import type {
  MachinesImageSpan,
  MachinesPoint,
  MachinesRun,
  MachinesSpeedup,
  MachinesTask,
  MachinesTimeline,
} from '../../shared/lab/machines';
import { median, medianIndex, medianInterval, spread } from '../benchmark/statistics';
import { NOISY_CV } from '../benchmark/warnings';
import type { ImageJobResult } from './job';

/** A run as machines.ts records it: its figures, and what each image's host said of it. */
export interface RecordedRun extends MachinesRun {
  /** By the image's position in the batch. */
  results: Map<number, ImageJobResult>;
}

/** Rounds from which the speedup gets a 95% bootstrap interval rather than its range. */
export const ROUNDS_FOR_INTERVAL = 3;

export function speedupOf(pairs: readonly number[]): MachinesSpeedup {
  const [low, high] =
    pairs.length >= ROUNDS_FOR_INTERVAL ? medianInterval(pairs) : [Math.min(...pairs), Math.max(...pairs)];
  return { median: median(pairs), low, high, pairs: [...pairs] };
}

/**
 * One point per host count, in `counts` order (1 first). A count's speedup is, in each round, one host's
 * time over its time in that same round.
 */
export function machinesPoints(
  runs: readonly MachinesRun[],
  counts: readonly number[],
  names: readonly string[],
): MachinesPoint[] {
  const ofCount = (hosts: number) => runs.filter((r) => r.hosts === hosts).sort((a, b) => a.round - b.round);
  const reference = ofCount(1);
  return counts.map((hosts) => {
    const mine = ofCount(hosts);
    const runsMs = mine.map((r) => r.ms);
    const ms = median(runsMs);
    const images = mine[0] === undefined ? 0 : mine[0].shares.reduce((sum, s) => sum + s.images, 0);
    const megapixels = mine[0] === undefined ? 0 : mine[0].shares.reduce((sum, s) => sum + s.megapixels, 0);
    const pairs = mine.flatMap((run) => {
      const one = reference.find((r) => r.round === run.round);
      return one === undefined ? [] : [one.ms / run.ms];
    });
    return {
      hosts,
      names: names.slice(0, hosts),
      runsMs,
      ms,
      imagesPerSecond: images / (ms / 1000),
      megapixelsPerSecond: megapixels / (ms / 1000),
      speedup: hosts === 1 || pairs.length === 0 ? null : speedupOf(pairs),
    };
  });
}

/** The run of a count to draw: the median by time, as the table's figure is. */
export function medianRun<R extends MachinesRun>(runs: readonly R[], hosts: number): R | undefined {
  const mine = runs.filter((r) => r.hosts === hosts);
  if (mine.length === 0) return undefined;
  return mine[medianIndex(mine.map((r) => r.ms))];
}

/** A run's timeline: every image's job and every pool task, in ms from the first job's start. */
export function timelineOf(run: RecordedRun): MachinesTimeline {
  const results = [...run.results.entries()];
  const t0 = Math.min(...results.map(([, r]) => r.timeline.startedAt));
  const t1 = Math.max(...results.map(([, r]) => r.timeline.endedAt));
  const images: MachinesImageSpan[] = [];
  const tasks: MachinesTask[] = [];
  for (const [image, result] of results) {
    const { host, timeline } = result;
    images.push({ host, image, startMs: timeline.startedAt - t0, endMs: timeline.endedAt - t0 });
    for (const task of timeline.tasks)
      tasks.push({
        host,
        worker: task.worker,
        image,
        startMs: task.startedAt - t0,
        endMs: task.endedAt - t0,
      });
  }
  images.sort((a, b) => a.startMs - b.startMs);
  tasks.sort((a, b) => a.startMs - b.startMs);
  return {
    hosts: run.hosts,
    round: run.round,
    ms: results.length === 0 ? 0 : t1 - t0,
    images,
    tasks,
    clockUncertaintyMs: Math.max(0, ...results.map(([, r]) => r.timeline.clockUncertaintyMs)),
  };
}

/** A count's runs varied more than the benchmark calls noisy: its figures are rough. */
export function noisyCounts(points: readonly MachinesPoint[]): { hosts: number; cv: number }[] {
  return points
    .filter((p) => p.runsMs.length > 1)
    .map((p) => ({ hosts: p.hosts, cv: spread(p.runsMs).cv }))
    .filter((p) => p.cv > NOISY_CV);
}

/** Share of the run each lane (host and worker) was busy: the timeline's "%" column. */
export function laneBusyShare(timeline: MachinesTimeline): Map<string, number> {
  const busy = new Map<string, number>();
  for (const t of timeline.tasks) {
    const key = `${t.host}\u0000${t.worker}`;
    busy.set(key, (busy.get(key) ?? 0) + (t.endMs - t.startMs));
  }
  const shares = new Map<string, number>();
  for (const [key, ms] of busy) shares.set(key, timeline.ms > 0 ? ms / timeline.ms : 0);
  return shares;
}
