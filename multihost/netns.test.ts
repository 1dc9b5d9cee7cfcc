/**
 * The harness itself: hosts in their own namespaces reach each other over the bridge, the root
 * namespace cannot reach them, and remove() leaves no namespace behind.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeNetwork, type Network, netnsUnavailable } from './netns';

const unavailable = await netnsUnavailable();
if (unavailable) console.log(`[multihost] skipped: ${unavailable}`);

const namespaces = () => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });

/** A node one-liner: a TCP server on address:port that answers "pong from <name>" and exits. */
const SERVER = `const s=require('net').createServer(c=>{c.end('pong from '+process.argv[3]);s.close()});s.listen(+process.argv[2],process.argv[1],()=>console.log('ready'))`;
const CLIENT = `const c=require('net').connect(+process.argv[2],process.argv[1]);c.setTimeout(2000,()=>{console.log('timeout');process.exit(3)});c.on('data',d=>console.log(String(d)));c.on('error',e=>{console.log(e.code);process.exit(2)})`;

describe.skipIf(unavailable !== undefined)('network namespaces as hosts', () => {
  let network: Network;
  beforeAll(async () => {
    network = await makeNetwork(['redis', 'w1', 'w2'], 78);
  });
  afterAll(async () => {
    await network?.remove();
  });

  it('a host reaches another over the bridge', async () => {
    const { redis, w1 } = network.hosts;
    const server = redis.spawn(process.execPath, ['-e', SERVER, redis.address, '7001', 'redis'], {
      stdio: 'pipe',
    });
    await once(server.stdout as NodeJS.ReadableStream, 'data');
    const client = w1.spawn(process.execPath, ['-e', CLIENT, redis.address, '7001'], {
      stdio: 'pipe',
      cores: '0',
    });
    let out = '';
    client.stdout?.on('data', (d) => {
      out += d;
    });
    await once(client, 'exit');
    expect(out.trim()).toBe('pong from redis');
    server.kill();
  });

  it('the root namespace has no route to the hosts: nothing leaves them', async () => {
    const { w2 } = network.hosts;
    const server = w2.spawn(process.execPath, ['-e', SERVER, w2.address, '7002', 'w2'], { stdio: 'pipe' });
    await once(server.stdout as NodeJS.ReadableStream, 'data');
    const out = spawnSync(process.execPath, ['-e', CLIENT, w2.address, '7002'], {
      encoding: 'utf8',
    }).stdout.trim();
    expect(['ENETUNREACH', 'EHOSTUNREACH', 'timeout']).toContain(out);
    server.kill();
  });

  it('remove() deletes every namespace it made', async () => {
    const other = await makeNetwork(['a', 'b'], 79);
    const names = Object.values(other.hosts).map((h) => h.ns);
    for (const ns of names) expect(namespaces()).toContain(ns);
    await other.remove();
    for (const ns of names) expect(namespaces()).not.toContain(ns);
  });
});
