/**
 * The machines experiment's words and shapes (shared/lab/index.ts has the lab's list): the machine axis
 * of the speedup story. The same batch through the queue on 1, 2, … worker hosts (docs/distributed.md,
 * "The machine axis"), the throughput of each count against one host's, and each run's timeline with
 * every pool worker's lane grouped under its host. `pixelpool bench --redis` prints this report; the
 * app's Lab shows it. Pure: engine/distributed/machines.ts measures and declares its report as these types.
 */

import type { PipelineStep } from '../../workers/filters/types';
import type { PoolKind } from '../pools';
import { type LabImageInfo, type LabRequestBase, type LabResultBase, photoCount } from './common';

/** The most worker hosts one experiment compares (each count is a run of its own, every round). */
export const MACHINES_MAX_HOSTS = 16;
/** Rounds when none are asked for: every host count once a round, the order turned round each round. */
export const MACHINES_DEFAULT_RUNS = 3;

export interface LabMachinesRequest extends LabRequestBase {
  experiment: 'machines';
  steps: PipelineStep[];
  /**
   * The Redis the worker hosts listen on (redis:// or rediss://). The service keeps a password given
   * here in memory for the session, as for a batch on worker hosts.
   */
  redisUrl: string;
  /**
   * A folder every worker host can write, at the same path on each (the shared storage, inside the
   * hosts' --roots): every run writes its outputs in a scratch folder below it, removed after the run.
   */
  outDir: string;
  /** The host counts to compare, each at most the hosts listening; left out: 1 to every host listening. */
  hostCounts?: number[];
  runs: number;
}

/** A worker host as it announced itself in Redis (engine/distributed/host-registry.ts). */
export interface MachinesHost {
  name: string;
  /** Its pool's workers: the lanes it has in a timeline. */
  workers: number;
  pool: PoolKind;
  /** Logical cores of that machine. */
  cores: number;
  /** Images it takes from the queue at once. */
  jobs: number;
}

/** One pool task (a strip, or a whole image) on one worker of one host: a bar in the timeline. */
export interface MachinesTask {
  host: string;
  /** The worker's slot in its host's pool, 0 .. workers - 1. */
  worker: number;
  /** Position of the photo in the batch. */
  image: number;
  /** ms since the run's first job started, on Redis's clock. */
  startMs: number;
  endMs: number;
}

/** One photo's whole job on its host (decode, pipeline, encode, write), on Redis's clock like the tasks. */
export interface MachinesImageSpan {
  host: string;
  image: number;
  startMs: number;
  endMs: number;
}

/** One host count's run in one round. */
export interface MachinesRun {
  hosts: number;
  round: number;
  /** The submitter's elapsed time: from the first job added to the last one reported. */
  ms: number;
  imagesPerSecond: number;
  megapixelsPerSecond: number;
  /** What each host did in that run, in the order of `names`. */
  shares: { name: string; images: number; megapixels: number }[];
}

/** Throughput of a host count against one host's, paired round by round. */
export interface MachinesSpeedup {
  /** Median of the rounds' ratios (one host's time over this count's, in the same round). */
  median: number;
  /** 95% bootstrap interval of that median (min and max when there are fewer than 3 rounds). */
  low: number;
  high: number;
  /** Every round's ratio, in round order. */
  pairs: number[];
}

export interface MachinesPoint {
  hosts: number;
  /** The hosts this count ran on: the first `hosts` of the report's, by name. */
  names: string[];
  runsMs: number[];
  /** Median of runsMs. */
  ms: number;
  imagesPerSecond: number;
  megapixelsPerSecond: number;
  /** Null for one host, the reference. */
  speedup: MachinesSpeedup | null;
}

/** The median run of one host count, to draw: its photos' jobs and its pool tasks. */
export interface MachinesTimeline {
  hosts: number;
  round: number;
  /** From the first job's start to the last one's end, on Redis's clock. */
  ms: number;
  images: MachinesImageSpan[];
  tasks: MachinesTask[];
  /**
   * How far apart two hosts' stamps can be off: the largest half round trip with which a host read
   * Redis's clock (each host stamps its times on it, engine/distributed/redis-clock.ts).
   */
  clockUncertaintyMs: number;
}

/** The machines experiment's report (engine/distributed/machines.ts). */
export interface LabMachinesReport {
  /** The pipeline, as the CLI writes it. */
  filters: string;
  images: number;
  megapixels: number;
  runs: number;
  /** An untimed run on every host came first (their pools started, their kernels compiled). */
  warmUp: boolean;
  /** Every host that took part, by name; a count of k runs on the first k. */
  hosts: MachinesHost[];
  points: MachinesPoint[];
  /** Every run, in the order they ran. */
  history: MachinesRun[];
  timelines: MachinesTimeline[];
  /** What a reader must know before the numbers (a host also busy with other work, too few rounds…). */
  warnings: string[];
}

export interface LabMachinesResult extends LabResultBase, Omit<LabMachinesReport, 'images'> {
  experiment: 'machines';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const x = (n: number) => `${n.toFixed(2)}x`;

/** A lane's name in a timeline: the host, then the worker's slot in its pool. */
export function laneName(host: string, worker: number): string {
  return `${host} · worker ${worker}`;
}

/** How far apart two hosts' stamps can be, rounded up (it is a bound): "±1.5 ms", "±0.1 ms" on one machine. */
export function clockBound(ms: number): string {
  return `±${(Math.max(1, Math.ceil(ms * 10)) / 10).toFixed(1)} ms`;
}

/** The host counts to run when none are asked for: 1 to every host listening. */
export function defaultHostCounts(listening: number): number[] {
  return Array.from({ length: listening }, (_, i) => i + 1);
}

/** What the experiment did, in a sentence: the head of its result. */
export function machinesIntro(
  report: Pick<LabMachinesReport, 'filters' | 'megapixels' | 'runs' | 'warmUp' | 'hosts' | 'points'> & {
    images: number | readonly LabImageInfo[];
  },
): string {
  const counts = report.points.map((p) => p.hosts).join(', ');
  const hosts = report.hosts.map((h) => `${h.name} (${plural(h.workers, 'worker')}, ${h.pool})`).join(', ');
  return `The same batch of ${plural(photoCount(report.images), 'photo')} (${report.megapixels.toFixed(1)} MP), ${report.filters}, through the queue on ${counts} worker host${report.points.length === 1 && report.points[0]?.hosts === 1 ? '' : 's'}: ${report.warmUp ? 'after an untimed warm-up on every host, ' : ''}${plural(report.runs, 'round')}, every count once a round, the order turned round each round. Hosts: ${hosts}.`;
}

/** One host count's throughput against one host's, in words, with how sure it is. */
export function machinesPointText(point: MachinesPoint, runs: number): string {
  const rate = `${point.imagesPerSecond.toFixed(2)} images/s, ${point.megapixelsPerSecond.toFixed(1)} MP/s`;
  if (point.speedup === null) return `${plural(point.hosts, 'host')}: ${rate} (the reference).`;
  const s = point.speedup;
  const how = runs >= 3 ? '95% interval' : 'range';
  return `${plural(point.hosts, 'host')}: ${rate}, ${x(s.median)} the throughput of 1 host (median of ${plural(s.pairs.length, 'round')}, ${how} ${x(s.low)}-${x(s.high)}; at most ${point.hosts}x).`;
}

/**
 * What the result shows, in sentences: how close each count came to k times one host, and, where the
 * photos were shared out unevenly, why (each host takes up to `jobs` photos at once, like a chunksize).
 */
export function machinesFindings(
  report: Pick<LabMachinesReport, 'hosts' | 'points' | 'history' | 'runs'> & {
    images: number | readonly LabImageInfo[];
  },
): string[] {
  const out: string[] = [];
  for (const point of report.points) {
    if (point.speedup === null) continue;
    const share = point.speedup.median / point.hosts;
    out.push(
      `${plural(point.hosts, 'host')} gave ${x(point.speedup.median)} one host's throughput, ${(share * 100).toFixed(0)}% of the ${point.hosts}x that ${point.hosts} equal machines could give at most.`,
    );
  }
  const widest = report.points[report.points.length - 1];
  const images = photoCount(report.images);
  if (widest !== undefined && widest.hosts > 1) {
    const runs = report.history.filter((r) => r.hosts === widest.hosts);
    const fair = images / widest.hosts;
    const uneven = runs.flatMap((r) => r.shares).filter((s) => s.images < 0.75 * fair);
    if (uneven.length > 0) {
      const jobs = Math.min(...report.hosts.slice(0, widest.hosts).map((h) => h.jobs));
      out.push(
        `The photos were shared out unevenly in ${uneven.length === 1 ? 'a run' : 'some runs'} (a host got as few as ${Math.min(...uneven.map((s) => s.images))} of ${images}): each host takes up to ${jobs} photos from the queue at once, so with few photos the first host to ask gets most of them. It is Pool.map's chunksize on a larger scale; more photos, or a smaller --jobs on the hosts, spread them evenly.`,
      );
    }
  }
  out.push(
    'Each host runs its own pool: the lanes show its workers, and the gaps at a run’s ends are the first decode and the last encode and write, which run on the host’s main thread.',
  );
  return out;
}
