/**
 * Which worker hosts a machines experiment runs on: one key in Redis names a queue of the experiment's
 * own and the hosts that are to serve it; every worker host reads it each ENROLMENT_POLL_MS and listens
 * on that queue while it is named (worker-host.ts), beside the batch queue it always serves. One key, so
 * one experiment at a time per Redis: a second is refused while the first holds it.
 *
 * Why a key and not a message (pub/sub): a host that starts, reconnects or misses a beat reads the
 * current state on its next poll, and a submitter that dies stops renewing the key, which runs out
 * within ENROLMENT_TTL_MS and sends its hosts back to the batch queue alone. The key is written by
 * whoever can write to the Redis: hosts parse it with a schema, and a queue name outside the
 * experiment's pattern is never listened on.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { MACHINES_MAX_HOSTS } from '../../shared/lab/machines';
import { hostNameSchema } from './host-registry';

const ENROLMENT_KEY = 'pixelpool:enrolment';
/** An unrenewed enrolment lasts this long; the submitter renews it every ENROLMENT_RENEW_MS. */
export const ENROLMENT_TTL_MS = 10_000;
export const ENROLMENT_RENEW_MS = 2_000;
/** How often a worker host reads the key. */
export const ENROLMENT_POLL_MS = 500;

/** The experiment's queues: a prefix apart from the batch queue, so a host never mistakes one for it. */
export const MACHINES_QUEUE_PATTERN = /^pixelpool-machines-[a-f0-9]{16}-[0-9]{1,2}$/;

export const enrolmentSchema = z.strictObject({
  /** The experiment's id, to tell its own key from another's. */
  id: z.string().regex(/^[a-f0-9]{16}$/),
  queue: z.string().regex(MACHINES_QUEUE_PATTERN),
  hosts: z.array(hostNameSchema).min(1).max(MACHINES_MAX_HOSTS),
});
export type Enrolment = z.infer<typeof enrolmentSchema>;

export function machinesQueueName(id: string, hosts: number): string {
  return `pixelpool-machines-${id}-${hosts}`;
}

/** The enrolment in force, or undefined (none, or a key that does not parse). */
export async function readEnrolment(client: Pick<Redis, 'get'>): Promise<Enrolment | undefined> {
  const raw = await client.get(ENROLMENT_KEY);
  if (raw === null) return undefined;
  try {
    const parsed = enrolmentSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Another machines experiment holds the hosts. */
export class EnrolmentTakenError extends Error {
  override readonly name = 'EnrolmentTakenError';
}

type EnrolClient = Pick<Redis, 'set' | 'eval' | 'get'>;

// Set or delete the key only while it still holds what this experiment last wrote: never another's.
const REPLACE_IF_MINE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('set', KEYS[1], ARGV[2], 'PX', ARGV[3]) else return false end`;
const DELETE_IF_MINE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** The submitter's side: takes the key, moves it from host count to host count, renews it, gives it back. */
export class EnrolmentLease {
  private current: string | undefined;

  constructor(private readonly client: EnrolClient) {}

  /** Takes the key for `enrolment`; throws EnrolmentTakenError when another experiment holds it. */
  async take(enrolment: Enrolment): Promise<void> {
    const value = JSON.stringify(enrolment);
    const ok = await this.client.set(ENROLMENT_KEY, value, 'PX', ENROLMENT_TTL_MS, 'NX');
    if (ok === null) {
      const other = await readEnrolment(this.client);
      throw new EnrolmentTakenError(
        `another machines experiment${other ? ` (${other.id}, on ${other.hosts.join(', ')})` : ''} holds the worker hosts; try again once it ends (its hold runs out ${ENROLMENT_TTL_MS / 1000} s after it stops)`,
      );
    }
    this.current = value;
  }

  /** Names other hosts (or renews, given the same); throws when the key was lost meanwhile. */
  async move(enrolment: Enrolment): Promise<void> {
    if (this.current === undefined) return this.take(enrolment);
    const value = JSON.stringify(enrolment);
    const ok = await this.client.eval(
      REPLACE_IF_MINE,
      1,
      ENROLMENT_KEY,
      this.current,
      value,
      ENROLMENT_TTL_MS,
    );
    if (ok === null) {
      this.current = undefined;
      throw new EnrolmentTakenError(
        'the hold on the worker hosts ran out (Redis was unreachable for too long)',
      );
    }
    this.current = value;
  }

  async renew(): Promise<void> {
    if (this.current !== undefined) await this.move(JSON.parse(this.current) as Enrolment);
  }

  async release(): Promise<void> {
    if (this.current === undefined) return;
    await this.client.eval(DELETE_IF_MINE, 1, ENROLMENT_KEY, this.current);
    this.current = undefined;
  }
}
