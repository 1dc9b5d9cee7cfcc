/**
 * The enrolment key against a real redis-server: one experiment holds it, moves it and gives it back,
 * never touching another's; a host reads only what parses. Skipped, saying why, without redis-server.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EnrolmentLease, EnrolmentTakenError, machinesQueueName, readEnrolment } from './enrolment';
import { announceHost, listHosts, withdrawHost } from './host-registry';
import { redisMissing, startRedis, type TestRedis } from './test-redis';

const missing = redisMissing();
if (missing !== undefined) process.stderr.write(`engine/distributed/enrolment.test.ts: ${missing}\n`);

describe.skipIf(missing !== undefined)('the enrolment key and the hosts’ entries', () => {
  let server: TestRedis;
  let client: Redis;
  beforeAll(async () => {
    server = await startRedis();
    client = new Redis({ host: '127.0.0.1', port: server.port });
  });
  afterAll(async () => {
    client?.disconnect();
    await server?.stop();
  });

  const enrolment = (id: string, hosts: number, names: string[]) => ({
    id,
    queue: machinesQueueName(id, hosts),
    hosts: names,
  });

  it('is held by one experiment at a time, moved and renewed by it, and given back only by it', async () => {
    const a = new EnrolmentLease(client);
    const b = new EnrolmentLease(client);
    const first = enrolment('a'.repeat(16), 1, ['w1']);
    await a.take(first);
    expect(await readEnrolment(client)).toEqual(first);
    await expect(b.take(enrolment('b'.repeat(16), 1, ['w1']))).rejects.toThrow(EnrolmentTakenError);
    await b.release();
    expect(await readEnrolment(client)).toEqual(first);

    const second = enrolment('a'.repeat(16), 2, ['w1', 'w2']);
    await a.move(second);
    await a.renew();
    expect(await readEnrolment(client)).toEqual(second);
    expect(await client.pttl('pixelpool:enrolment')).toBeGreaterThan(5000);

    // Lost (it ran out, or was taken over): renewing says so and does not take another's key.
    const other = JSON.stringify(enrolment('c'.repeat(16), 1, ['w9']));
    await client.set('pixelpool:enrolment', other);
    await expect(a.renew()).rejects.toThrow(/ran out/);
    await a.release();
    expect(await client.get('pixelpool:enrolment')).toBe(other);
    await client.del('pixelpool:enrolment');
  });

  it('reads as nothing when the key does not parse or names a queue outside the experiment’s', async () => {
    for (const raw of [
      '{',
      JSON.stringify({ id: 'd'.repeat(16), queue: 'pixelpool-images', hosts: ['w1'] }),
      JSON.stringify({ id: 'd'.repeat(16), queue: machinesQueueName('d'.repeat(16), 1), hosts: [] }),
      JSON.stringify({ id: 'd'.repeat(16), queue: machinesQueueName('d'.repeat(16), 1), hosts: ['../w1'] }),
    ]) {
      await client.set('pixelpool:enrolment', raw);
      expect(await readEnrolment(client), raw).toBeUndefined();
    }
    await client.del('pixelpool:enrolment');
  });

  it('lists live hosts by name, without one withdrawn, run out, or not parsing', async () => {
    const host = (name: string, workers = 2) => ({
      name,
      workers,
      pool: 'threads' as const,
      cores: 2,
      jobs: 7,
    });
    await announceHost(client, host('w2'));
    await announceHost(client, host('w1', 1));
    await announceHost(client, host('w3'));
    await withdrawHost(client, 'w3');
    await client.zadd('pixelpool:hosts', 1, 'old');
    await client.set('pixelpool:host:old', JSON.stringify(host('old')));
    await client.zadd('pixelpool:hosts', Date.now() + 60_000, 'liar');
    await client.set('pixelpool:host:liar', JSON.stringify(host('w1')));
    expect(await listHosts(client)).toEqual([host('w1', 1), host('w2')]);
  });
});
