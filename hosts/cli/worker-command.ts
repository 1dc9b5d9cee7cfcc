/**
 * `pixelpool worker --redis <url>`: a worker host of a distributed batch (engine/distributed/
 * worker-host.ts). It runs until a signal: the first stops it taking jobs and lets the running ones
 * finish (exit 0), or, past --drain-seconds, abandons them (their temp files removed; the queue gives
 * them to another host once their lock runs out) and exits 143 (130 after Ctrl-C). A second signal
 * quits at once.
 */
import { hostname } from 'node:os';
import { IMAGE_QUEUE } from '../../engine/distributed/job';
import { DEFAULT_STALL_SECONDS } from '../../engine/distributed/queue-client';
import { parseRedisUrl } from '../../engine/distributed/redis-url';
import { Roots } from '../../engine/distributed/roots';
import { startWorkerHost, type WorkerHost } from '../../engine/distributed/worker-host';
import { FilterPool } from '../../engine/pool/index';
import type { PoolKind } from '../../shared/pools';
import { plural } from './format';
import { handleInterrupts } from './signals';

export interface WorkerCommandOptions {
  redis: string;
  workers?: number;
  pool: PoolKind;
  name?: string;
  roots?: string[];
  jobs?: number;
  stallSeconds?: number;
  drainSeconds: number;
}

export const DEFAULT_DRAIN_SECONDS = 60;

export async function workerCommand(opts: WorkerCommandOptions): Promise<number> {
  const redis = parseRedisUrl(opts.redis);
  const name = opts.name ?? hostname();
  const roots = await Roots.open(opts.roots ?? [process.cwd()]);
  const log = (line: string) => process.stderr.write(`pixelpool worker ${name}: ${redis.redact(line)}\n`);
  const interrupts = handleInterrupts(() =>
    log('stopping: taking no more jobs, finishing the running ones (a second signal quits now)'),
  );
  try {
    const starting = startWorkerHost({
      redis,
      name,
      roots,
      workers: opts.workers,
      poolKind: opts.pool,
      jobs: opts.jobs,
      stallSeconds: opts.stallSeconds,
      // threads.js installs signal handlers of its own as its workers start: taken back here.
      createPool: (o) => interrupts.guard(() => FilterPool.create(o)),
      log,
    });
    const host: WorkerHost | undefined = await Promise.race([starting, aborted(interrupts.signal)]);
    if (host === undefined) {
      // Stopped before Redis answered: nothing was taken, so nothing is left to finish.
      void starting.then((h) => h.drain()).catch(() => undefined);
      return interrupts.cancelledExitCode;
    }
    const stall = opts.stallSeconds ?? DEFAULT_STALL_SECONDS;
    log(
      `taking jobs from ${IMAGE_QUEUE} at ${redis.shown}: ${plural(host.concurrency, 'image')} at a time, ` +
        `${opts.workers === undefined ? 'a worker per core' : plural(opts.workers, 'worker')} (${opts.pool}), ` +
        `roots ${roots.folders.join(', ')}, stall interval ${stall} s`,
    );
    await aborted(interrupts.signal);
    const drained = await Promise.race([
      host.drain().then(() => true),
      new Promise<false>((r) => setTimeout(() => r(false), opts.drainSeconds * 1000).unref()),
    ]);
    if (drained) {
      log('stopped: every job it took is finished');
      return 0;
    }
    log(
      `abandoning the running jobs after ${opts.drainSeconds} s: another host takes them once their lock runs out`,
    );
    await host.abandon();
    return interrupts.cancelledExitCode;
  } finally {
    interrupts.dispose();
  }
}

function aborted(signal: AbortSignal): Promise<undefined> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve(undefined);
    else signal.addEventListener('abort', () => resolve(undefined), { once: true });
  });
}
