/**
 * The machines experiment: the machine axis of the speedup story (docs/distributed.md, "The machine
 * axis"). The same batch runs through the queue on 1, 2, … of the worker hosts announced in Redis, every
 * count once a round, the order turned round each round (1,2 then 2,1 …), and each count's throughput is
 * compared with one host's of the same round. Each run is a real distributed batch (runQueuedBatch): the
 * hosts decode, edit, encode and write, into a scratch folder on the shared storage that is removed after.
 *
 * Which hosts serve a run is settled by enrolment (enrolment.ts): the experiment names a queue of its own
 * and the hosts for it, waits until exactly those listen on it, then submits there. The batch queue is
 * left alone: a host keeps serving it, and a batch running meanwhile is said in the warnings.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Redis } from 'ioredis';
import { messageOf, OptionError } from '../../shared/errors';
import type { OutputFormatChoice } from '../../shared/formats';
import type { KernelChoice } from '../../shared/kernels';
import {
  defaultHostCounts,
  type LabMachinesReport,
  MACHINES_DEFAULT_RUNS,
  MACHINES_MAX_HOSTS,
  type MachinesHost,
} from '../../shared/lab/machines';
import { stepsSpec } from '../../shared/lab/pool';
import type { PipelineStep } from '../../workers/filters/types';
import { NOISY_CV } from '../benchmark/warnings';
import { ENROLMENT_RENEW_MS, EnrolmentLease, machinesQueueName } from './enrolment';
import { listHosts } from './host-registry';
import { IMAGE_QUEUE, type ImageJobResult } from './job';
import {
  machinesPoints,
  medianRun,
  noisyCounts,
  type RecordedRun,
  ROUNDS_FOR_INTERVAL,
  timelineOf,
} from './machines-report';
import { connectionOptions, loadBullMQ, loadIoredis, probeRedis } from './queue-client';
import type { RedisTarget } from './redis-url';
import { QueueUnreachableError, runQueuedBatch } from './submit';

export interface MachinesOptions {
  /** The photos, on storage every host reads at the same path. */
  files: readonly string[];
  steps: readonly PipelineStep[];
  /** Where the hosts write (shared storage, inside their --roots): each run in a scratch folder below, removed after. */
  outDir: string;
  redis: RedisTarget;
  /** Host counts to compare; 1 is always run (the reference). Default: 1 to every host announced. */
  hostCounts?: readonly number[];
  /** Rounds (default MACHINES_DEFAULT_RUNS). */
  runs?: number;
  format?: OutputFormatChoice;
  quality?: number;
  kernels?: KernelChoice;
  /** An untimed run on every host first (default true): each host's first jobs start its pool and compile its kernels. */
  warmUp?: boolean;
  /** How long to wait for the hosts of a count to listen on its queue (default 20 s). */
  joinTimeoutMs?: number;
}

export interface MachinesHooks {
  signal?: AbortSignal;
  /** `done` of `total` runs, and the one starting. */
  onStep?(done: number, total: number, label: string): void;
  /** Lines about the queue (a lost connection); without the password. */
  log?(line: string): void;
}

/** The experiment could not be run as asked: no host, a host that did not join, an image that failed. */
export class MachinesError extends Error {
  override readonly name = 'MachinesError';
}

const JOIN_POLL_MS = 100;
/** How long a run goes on with fewer of its hosts listening than were enrolled before it is stopped. */
const HOST_LOST_MS = 10_000;

export async function runMachines(
  opts: MachinesOptions,
  hooks: MachinesHooks = {},
): Promise<LabMachinesReport> {
  const { redis } = opts;
  const { signal } = hooks;
  const runs = opts.runs ?? MACHINES_DEFAULT_RUNS;
  if (opts.files.length === 0) throw new OptionError('the inputs', 'image files or folders with images', []);
  await probeRedis(redis, 5000).catch((err: unknown) => {
    throw new QueueUnreachableError(`Cannot reach Redis at ${redis.shown}: ${redis.redact(messageOf(err))}`);
  });
  const { Redis: RedisClient } = await loadIoredis();
  const control: Redis = new RedisClient(connectionOptions(redis, 'pixelpool-machines'));
  control.on('error', () => {});
  const { Queue } = await loadBullMQ();
  const lease = new EnrolmentLease(control);
  const id = randomBytes(8).toString('hex');
  const scratchRoot = join(resolve(opts.outDir), `.pixelpool-machines-${id}`);
  const usedQueues = new Set<string>();
  let renewer: NodeJS.Timeout | undefined;
  let leaseLost: Error | undefined;
  try {
    const hosts = await listHosts(control);
    if (hosts.length === 0)
      throw new MachinesError(
        `No worker host is announced in Redis at ${redis.shown}: start \`pixelpool worker --redis …\` on each machine first`,
      );
    const counts = hostCountsFor(opts.hostCounts, hosts);
    const used = hosts.slice(0, Math.max(...counts));
    const names = used.map((h) => h.name);
    const enrolmentFor = (hosts: number) => ({
      id,
      queue: machinesQueueName(id, hosts),
      hosts: names.slice(0, hosts),
    });
    await lease.take(enrolmentFor(counts[0]));
    renewer = setInterval(() => {
      lease.renew().catch((err: unknown) => {
        leaseLost ??= err instanceof Error ? err : new Error(String(err));
      });
    }, ENROLMENT_RENEW_MS);

    const main = new Queue(IMAGE_QUEUE, { connection: connectionOptions(redis, 'pixelpool-machines-main') });
    let otherJobs = 0;
    const history: RecordedRun[] = [];
    const warmUp = opts.warmUp ?? true;
    const total = runs * counts.length + (warmUp ? 1 : 0);
    let done = 0;
    const hostsWord = (n: number) => `${n} host${n === 1 ? '' : 's'}`;

    /** One distributed batch on the first `hosts` hosts, in its own scratch folder, checked. */
    const runOn = async (hosts: number, label: string, scratchName: string): Promise<RecordedRun> => {
      signal?.throwIfAborted();
      if (leaseLost) throw leaseLost;
      hooks.onStep?.(done, total, label);
      const enrolment = enrolmentFor(hosts);
      await lease.move(enrolment);
      usedQueues.add(enrolment.queue);
      // Who listens on the run's queue, asked before and after it, each time on a connection of its own.
      const listeners = () =>
        new Queue(enrolment.queue, { connection: connectionOptions(redis, 'pixelpool-machines-join') });
      await untilListening(listeners(), enrolment.hosts, opts.joinTimeoutMs ?? 20_000, signal);
      otherJobs = Math.max(otherJobs, await main.getActiveCount().catch(() => 0));
      const results = new Map<number, ImageJobResult>();
      const scratch = join(scratchRoot, scratchName);
      // A host that dies mid-run leaves its jobs to the others (or to none, with one host): the run stops.
      const lost = new AbortController();
      let short: number | undefined;
      const result = await runQueuedBatch(
        {
          inputs: opts.files,
          outDir: scratch,
          steps: opts.steps,
          format: opts.format,
          quality: opts.quality,
          kernels: opts.kernels,
          onConflict: 'overwrite',
        },
        {
          redis,
          queue: enrolment.queue,
          log: hooks.log,
          onImageResult: (index, r) => results.set(index, r),
          onWorkerHosts: (count) => {
            if (count >= enrolment.hosts.length) {
              short = undefined;
              return;
            }
            short ??= performance.now();
            if (performance.now() - short >= HOST_LOST_MS) lost.abort();
          },
          cancelWaitMs: 5000,
        },
        { signal: signal === undefined ? lost.signal : AbortSignal.any([signal, lost.signal]) },
      );
      if (lost.signal.aborted)
        throw new MachinesError(
          `a host of the ${hosts}-host run stopped listening on ${enrolment.queue} for ${HOST_LOST_MS / 1000} s (${enrolment.hosts.join(', ')} were enrolled): the run cannot be a ${hosts}-host run's`,
        );
      // A run shorter than the wait above ends with the lost host's jobs taken back by the others:
      // its time then holds a stall, and fewer hosts than it says did its work.
      const atEnd = await listeningHosts(listeners());
      if (!enrolment.hosts.every((n) => atEnd.includes(n)))
        throw new MachinesError(
          `a host of the ${hosts}-host run stopped listening on ${enrolment.queue} during it (${enrolment.hosts.join(', ')} were enrolled, ${atEnd.length > 0 ? atEnd.join(', ') : 'none'} listened at its end): the run cannot be a ${hosts}-host run's`,
        );
      otherJobs = Math.max(otherJobs, await main.getActiveCount().catch(() => 0));
      await rm(scratch, { recursive: true, force: true });
      signal?.throwIfAborted();
      if (result.cancelled) throw new MachinesError('the run was cancelled');
      const failure = result.failed[0];
      if (failure !== undefined)
        throw new MachinesError(`${failure.path} failed with ${hostsWord(hosts)}: ${failure.error}`);
      const strangers = result.hosts.filter((h) => !enrolment.hosts.includes(h.name));
      if (strangers.length > 0)
        throw new MachinesError(
          `jobs of the ${hosts}-host run were taken by hosts not enrolled: ${strangers.map((h) => h.name).join(', ')}`,
        );
      done += 1;
      return {
        hosts,
        round: -1,
        ms: result.elapsedMs,
        imagesPerSecond: result.total / (result.elapsedMs / 1000),
        megapixelsPerSecond: result.megapixels / (result.elapsedMs / 1000),
        shares: enrolment.hosts.map((name) => {
          const share = result.hosts.find((h) => h.name === name);
          return { name, images: share?.images ?? 0, megapixels: share?.megapixels ?? 0 };
        }),
        results,
      };
    };

    try {
      // Untimed, on every host: each host's first jobs pay for its pool's start and its kernels' compile.
      const all = Math.max(...counts);
      if (warmUp) await runOn(all, `warm-up on ${hostsWord(all)}`, 'warm-up');
      for (let round = 0; round < runs; round++) {
        const order = round % 2 === 0 ? counts : [...counts].reverse();
        for (const hosts of order) {
          const recorded = await runOn(
            hosts,
            `${hostsWord(hosts)}, round ${round + 1} of ${runs}`,
            `${hosts}-hosts-round-${round + 1}`,
          );
          history.push({ ...recorded, round });
        }
      }
      hooks.onStep?.(total, total, 'done');
    } finally {
      await main.close().catch(() => undefined);
    }

    const points = machinesPoints(history, counts, names);
    const timelines = counts.flatMap((hosts) => {
      const run = medianRun(history, hosts);
      return run === undefined ? [] : [timelineOf(run)];
    });
    const first = history[0];
    return {
      filters: stepsSpec([...opts.steps]),
      images: opts.files.length,
      megapixels: first === undefined ? 0 : first.shares.reduce((sum, s) => sum + s.megapixels, 0),
      runs,
      warmUp,
      hosts: used,
      points,
      history: history.map(({ results: _results, ...run }) => run),
      timelines,
      warnings: machinesWarnings({
        runs,
        used,
        otherJobs,
        points,
        clockMs: Math.max(0, ...timelines.map((t) => t.clockUncertaintyMs)),
      }),
    };
  } finally {
    clearInterval(renewer);
    await lease.release().catch(() => undefined);
    await rm(scratchRoot, { recursive: true, force: true }).catch(() => undefined);
    // The experiment's queues go with it: their jobs were only there to be timed.
    for (const name of usedQueues) {
      const queue = new Queue(name, { connection: connectionOptions(redis, 'pixelpool-machines-cleanup') });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close().catch(() => undefined);
    }
    control.disconnect();
  }
}

/** The counts to run, 1 first: the ones asked for (checked against the hosts announced) or 1 to all. */
function hostCountsFor(asked: readonly number[] | undefined, hosts: readonly MachinesHost[]): number[] {
  const available = Math.min(hosts.length, MACHINES_MAX_HOSTS);
  if (asked === undefined || asked.length === 0) return defaultHostCounts(available);
  const over = asked.filter((n) => n > available);
  if (over.length > 0)
    throw new OptionError(
      '--hosts',
      `at most the ${available} worker host${available === 1 ? '' : 's'} announced (${hosts.map((h) => h.name).join(', ')})`,
      asked.join(','),
    );
  return [...new Set([1, ...asked])].sort((a, b) => a - b);
}

/** The names of the worker hosts listening on `queue` (BullMQ's workers, by their connections' names). */
async function namesListening(queue: import('bullmq').Queue): Promise<string[]> {
  return (await queue.getWorkers()).map((w) => String(w.rawname ?? '').replace(/^.*:w:/, ''));
}

/** The hosts listening on `queue` now; the queue's connection is closed after. */
async function listeningHosts(queue: import('bullmq').Queue): Promise<string[]> {
  try {
    return await namesListening(queue);
  } finally {
    await queue.close().catch(() => undefined);
  }
}

/** Waits until exactly `names` listen on `queue` (a host leaving another count's queue is not counted). */
async function untilListening(
  queue: import('bullmq').Queue,
  names: readonly string[],
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let listening: string[] = [];
  try {
    for (;;) {
      listening = await namesListening(queue);
      const set = new Set(listening);
      if (set.size === names.length && names.every((n) => set.has(n))) return;
      if (performance.now() >= deadline) break;
      signal?.throwIfAborted();
      await new Promise((r) => setTimeout(r, JOIN_POLL_MS));
    }
  } finally {
    await queue.close().catch(() => undefined);
  }
  const missing = names.filter((n) => !listening.includes(n));
  throw new MachinesError(
    `${missing.length > 0 ? `${missing.join(', ')} did not start listening` : `other hosts (${listening.join(', ')}) listened`} on ${queue.name} within ${timeoutMs / 1000} s: is every host running this version of PixelPool?`,
  );
}

function machinesWarnings(r: {
  runs: number;
  used: readonly MachinesHost[];
  otherJobs: number;
  points: LabMachinesReport['points'];
  clockMs: number;
}): string[] {
  const warnings: string[] = [];
  if (r.runs < ROUNDS_FOR_INTERVAL)
    warnings.push(
      `Only ${r.runs} round${r.runs === 1 ? '' : 's'}: each speedup's interval is the range of its rounds. Run ${ROUNDS_FOR_INTERVAL} or more for a 95% interval.`,
    );
  const shapes = new Set(r.used.map((h) => `${h.workers} ${h.pool}`));
  if (shapes.size > 1)
    warnings.push(
      `The hosts differ (${r.used.map((h) => `${h.name}: ${h.workers} ${h.pool === 'threads' ? 'worker threads' : 'worker processes'}`).join(', ')}): a count's speedup depends on which hosts it adds, in name order.`,
    );
  if (r.otherJobs > 0)
    warnings.push(
      `The hosts were also running other batches (up to ${r.otherJobs} jobs of ${IMAGE_QUEUE} at once): the throughput measured was shared with them.`,
    );
  for (const noisy of noisyCounts(r.points))
    warnings.push(
      `Noisy: the ${noisy.hosts}-host runs varied by ${(noisy.cv * 100).toFixed(1)}% (coefficient of variation, above ${NOISY_CV * 100}%), so their figures are rough. Run more rounds, or when the hosts are idle.`,
    );
  if (r.clockMs > 5)
    warnings.push(
      `The hosts' times are on Redis's clock within ±${r.clockMs.toFixed(1)} ms: bars of different hosts closer than that cannot be told apart.`,
    );
  return warnings;
}
