/**
 * Which worker hosts are alive, and what each has: every host writes a short-lived entry in Redis and
 * renews it while it runs (worker-host.ts); the machines experiment reads them to know which hosts it can
 * enrol and how many lanes each has (machines.ts). An entry ages out on its own, so a host killed with
 * SIGKILL drops out of the list within HOST_TTL_MS. Entries are written by whoever can write to the
 * Redis: they are parsed with a schema, and an entry that does not parse is left out.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { MachinesHost } from '../../shared/lab/machines';
import { MACHINES_MAX_HOSTS } from '../../shared/lab/machines';
import { POOL_KINDS } from '../../shared/pools';

/** Sorted set of host names, scored by the time (Redis's clock, ms) their entry runs out. */
const HOSTS_KEY = 'pixelpool:hosts';
const hostKey = (name: string) => `pixelpool:host:${name}`;

/** How long an entry lives unrenewed; a host renews it every HOST_RENEW_MS. */
export const HOST_TTL_MS = 15_000;
export const HOST_RENEW_MS = 5_000;

/** A host's --name: what the queue, the logs and the timeline call it (the CLI's --name checks it too). */
export const HOST_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;
export const hostNameSchema = z
  .string()
  .regex(HOST_NAME_PATTERN, 'letters, digits, ".", "_" or "-", at most 63 long');

const hostSchema = z.strictObject({
  name: hostNameSchema,
  workers: z.number().int().min(1).max(1024),
  pool: z.enum(POOL_KINDS),
  cores: z.number().int().min(1).max(4096),
  jobs: z.number().int().min(1).max(4096),
}) satisfies z.ZodType<MachinesHost, unknown>;

type RegistryClient = Pick<Redis, 'zadd' | 'set' | 'zrem' | 'del' | 'zrangebyscore' | 'mget' | 'time'>;

async function redisNow(client: Pick<Redis, 'time'>): Promise<number> {
  const [seconds, micros] = await client.time();
  return Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
}

/** Writes or renews this host's entry. */
export async function announceHost(client: RegistryClient, host: MachinesHost): Promise<void> {
  const now = await redisNow(client);
  await client.set(hostKey(host.name), JSON.stringify(host), 'PX', HOST_TTL_MS);
  await client.zadd(HOSTS_KEY, now + HOST_TTL_MS, host.name);
}

/** Takes this host's entry out (a clean stop): it is gone from the list at once. */
export async function withdrawHost(client: RegistryClient, name: string): Promise<void> {
  await client.zrem(HOSTS_KEY, name);
  await client.del(hostKey(name));
}

/** The live hosts, by name; entries that ran out or do not parse are left out. */
export async function listHosts(client: RegistryClient): Promise<MachinesHost[]> {
  const now = await redisNow(client);
  const names = (await client.zrangebyscore(HOSTS_KEY, now, '+inf')).slice(0, 4 * MACHINES_MAX_HOSTS);
  if (names.length === 0) return [];
  const entries = await client.mget(...names.map(hostKey));
  const hosts: MachinesHost[] = [];
  for (const [i, raw] of entries.entries()) {
    if (raw === null) continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      continue;
    }
    const parsed = hostSchema.safeParse(value);
    if (parsed.success && parsed.data.name === names[i]) hosts.push(parsed.data);
  }
  return hosts.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
