/**
 * BullMQ, loaded only when a distributed command runs: the local app and CLI never load it (nor
 * ioredis), so the default path stays embedded and needs no Redis. Only type imports of bullmq
 * appear anywhere else.
 */
import type { RedisTarget } from './redis-url';

export type BullMQ = typeof import('bullmq');

export function loadBullMQ(): Promise<BullMQ> {
  return import('bullmq');
}

/** ioredis, for what is not a queue (the probe, the hosts' entries, the enrolment, the clock): loaded as bullmq is. */
export function loadIoredis(): Promise<typeof import('ioredis')> {
  return import('ioredis');
}

/**
 * Connects once, without retrying, and says whether Redis answers (and takes the password) within `ms`:
 * rejects with the reason (refused, timed out, a wrong password, TLS). BullMQ's own clients retry for
 * ever (below) and cannot be closed before they have connected (QueueEvents.close waits for its
 * connection), so an unreachable Redis would hang a submitter that asked them first.
 */
export async function probeRedis(target: RedisTarget, ms: number): Promise<void> {
  const { Redis } = await loadIoredis();
  const client = new Redis({
    ...target.connection,
    lazyConnect: true,
    connectTimeout: ms,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
    connectionName: 'pixelpool-probe',
  });
  // Refused or reset, connect() rejects with "Connection is closed": the cause is the error event's.
  let cause: Error | undefined;
  client.on('error', (err: Error) => {
    cause ??= err;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client
        .connect()
        .then(() => client.ping())
        .catch((err: unknown) => {
          throw cause ?? err;
        }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

/**
 * ioredis options for BullMQ. `maxRetriesPerRequest: null` is what BullMQ requires of a worker's
 * connection (a blocking command must wait out a Redis restart rather than fail); the submitter gets
 * the same, so a restart mid-batch delays its monitoring instead of ending it. The reconnect delay
 * starts at 50 ms: BullMQ's own waits a second at least before each try, so a restart of a tenth of
 * a second kept hosts away long enough for their running jobs' locks (half the stall interval) to run
 * out, and those jobs were taken back and run again, or failed as stalled too often.
 */
export function connectionOptions(target: RedisTarget, name: string) {
  return {
    ...target.connection,
    maxRetriesPerRequest: null,
    connectionName: name,
    retryStrategy: (attempt: number) => Math.min(50 * attempt, 1000),
  };
}

/**
 * The stall interval: the longest a job of a host that went silent (killed, cut off) stays locked
 * before another host's stalled check puts it back in the queue. BullMQ takes a job back at a check
 * that finds its lock run out (its `moveStalledJobsToWait`), and the hosts share one check per
 * interval: a host whose turn comes while another's check is less than an interval old skips it, so
 * two checks can be up to two intervals apart. Hence a lock of half the stall interval (renewed at half
 * its duration, BullMQ's default, by a timer on the host's main thread, which decodes and encodes off
 * it) and a check every quarter: the lock plus two check intervals is the stall interval.
 */
export const DEFAULT_STALL_SECONDS = 10;

/** BullMQ's lock duration and stalled-check interval that give a stall interval of `stallMs`. */
export function stallTimings(stallMs: number): { lockDuration: number; stalledInterval: number } {
  return { lockDuration: Math.floor(stallMs / 2), stalledInterval: Math.floor(stallMs / 4) };
}

/** A job whose host dies this many times fails (an image that kills every host it runs on). */
export const MAX_STALLED = 2;

/** Retries of a job that failed for a reason not its file's (a disk, the pool, the network). */
export const JOB_ATTEMPTS = 5;
/** Exponential backoff: 2 s, 4 s, 8 s, 16 s between the attempts. */
export const BACKOFF_MS = 2000;

/** How long finished jobs stay in Redis (so a resubmitted batch finds them): completed a day, failed a week. */
export const KEEP_COMPLETED_SECONDS = 24 * 3600;
export const KEEP_FAILED_SECONDS = 7 * 24 * 3600;
