/**
 * Issue 11's multi-host test: Redis in one network namespace, a worker host in each of two others (each
 * pinned to one core, so the scaling shows on a 2-core machine), the submitter in a fourth; all traffic
 * on the namespaces' bridge (multihost/netns.ts). The shared folder is the test's temp folder, seen by
 * every host at the same path, as NFS would give. It shows:
 *  - throughput with 2 worker hosts against 1, measured in one run, interleaved (ABBA), by the machines
 *    experiment (`pixelpool lab machines`), whose timeline has each host's lanes; and a 2-host batch
 *    writing what a local batch writes;
 *  - a worker host killed with SIGKILL mid-batch: every image written once, equal to a local batch;
 *  - Redis restarted mid-batch with its persistence on: the batch completes;
 *  - a hostile job (a path outside the roots) refused by the worker with a clear error.
 * Figures are printed ([multihost] lines) and asserted only where the issue sets the bar.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isTempName } from '../engine/batch/output';
import { JOB_VERSION } from '../engine/distributed/job';
import { redisMissing } from '../engine/distributed/test-redis';
import { formatMachines } from '../hosts/cli/machines-text';
import {
  CLI,
  finishedJobs,
  ROOT,
  startedJobs,
  type Tracked,
  takenBackJobs,
  track,
} from '../hosts/cli/test-hosts';
import type { LabMachinesReport } from '../shared/lab/machines';
import { type Host, makeNetwork, type Network, netnsUnavailable } from './netns';

const PASSWORD = 'multi-host-secret';
const REDIS_PORT = 6390;
/**
 * The worker hosts' stall interval: a killed host's jobs are taken back within it. Its half is the
 * lock on a running job (queue-client.ts, stallTimings), which has to outlast Redis's restart below
 * and the hosts' reconnection; 4 s leaves a second and more to spare on a loaded machine.
 */
const STALL_SECONDS = 4;
/** Rounds of the machines experiment, each a 1-host and a 2-host run, the order alternating; the median of five rides out a noisy one. */
const ROUNDS = 5;
const IMAGES = 40;
const FILTERS = ['--filters', 'gaussian-blur:sigma=6', '--format', 'jpeg'];

const why = (await netnsUnavailable()) ?? redisMissing();
if (why) console.log(`[multihost] skipped: ${why}`);

type Proc = Tracked;

function sha(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) out[name] = sha(await readFile(join(dir, name)));
  return out;
}

describe.skipIf(why !== undefined)('one batch on several hosts through BullMQ on Redis', () => {
  let network: Network;
  let dir: string;
  let inputs: string;
  let redis: Proc | undefined;
  const running = new Set<Proc>();
  /** The worker hosts up now: a test that fails midway leaves none for the next (afterEach). */
  const workers = new Set<Proc>();
  let url: string;

  const startRedis = async () => {
    const host = network.hosts.redis as Host;
    const proc = track(
      host.spawn('redis-server', [
        '--bind',
        host.address,
        '--port',
        String(REDIS_PORT),
        '--dir',
        join(dir, 'redis'),
        '--save',
        '',
        '--appendonly',
        'yes',
        '--requirepass',
        PASSWORD,
      ]),
      'redis',
    );
    await proc.waitFor('Ready to accept connections', 'ready line');
    running.add(proc);
    return proc;
  };

  const startWorker = async (name: 'w1' | 'w2', cores: string) => {
    const host = network.hosts[name] as Host;
    const args = [CLI, 'worker', '--redis', url, '--name', name, '--workers', '1', '--roots', dir];
    const proc = track(
      host.spawn(process.execPath, [...args, '--stall-seconds', String(STALL_SECONDS)], { cwd: ROOT, cores }),
      name,
    );
    await proc.waitFor('taking jobs from', 'ready line');
    running.add(proc);
    workers.add(proc);
    return proc;
  };

  const stop = async (proc: Proc, signal: NodeJS.Signals = 'SIGTERM') => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill(signal);
    await proc.exited;
    running.delete(proc);
    workers.delete(proc);
  };

  /** The submitter in its own namespace; resolves with its exit code and output. */
  const submit = async (out: string, during?: (proc: Proc) => Promise<void>) => {
    const sub = network.hosts.sub as Host;
    const proc = track(
      sub.spawn(process.execPath, [CLI, 'batch', inputs, '--out', out, ...FILTERS, '--redis', url], {
        cwd: ROOT,
      }),
      'submitter',
    );
    await during?.(proc);
    const { code } = await proc.exited;
    return { code, log: proc.log() };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pixelpool-multihost-'));
    await mkdir(join(dir, 'redis'));
    inputs = join(dir, 'in');
    await mkdir(inputs);
    const photos = (await readdir(join(ROOT, 'assets/photos'))).filter((n) => n.endsWith('.jpg')).sort();
    for (let i = 0; i < IMAGES; i++) {
      const photo = photos[i % photos.length] as string;
      await copyFile(
        join(ROOT, 'assets/photos', photo),
        join(inputs, `${String(i).padStart(2, '0')}-${photo}`),
      );
    }
    network = await makeNetwork(['redis', 'w1', 'w2', 'sub'], 80);
    url = `redis://:${PASSWORD}@${network.hosts.redis?.address}:${REDIS_PORT}`;
    redis = await startRedis();
  });

  afterEach(async () => {
    for (const worker of workers) await stop(worker, 'SIGKILL');
  });

  afterAll(async () => {
    for (const proc of running) await stop(proc, 'SIGKILL');
    await network?.remove();
    await rm(dir, { recursive: true, force: true });
  });

  let local: Record<string, string>;
  it('a local batch of the same inputs, the reference', async () => {
    const out = join(dir, 'local');
    const child = track(
      spawn(process.execPath, [CLI, 'batch', inputs, '--out', out, ...FILTERS], { cwd: ROOT }),
      'local',
    );
    expect((await child.exited).code, child.log()).toBe(0);
    local = await hashes(out);
    expect(Object.keys(local)).toHaveLength(IMAGES);
  });

  it('a batch on 2 worker hosts, each pinned to one core, writes what the local batch writes; each host says its share', async () => {
    const w1 = await startWorker('w1', '0');
    const w2 = await startWorker('w2', '1');
    const out = join(dir, 'two-hosts');
    const run = await submit(out);
    expect(run.code, run.log).toBe(0);
    expect(await hashes(out)).toEqual(local);
    expect(run.log).toMatch(/Worker hosts: (w1 \d+, w2 \d+|w2 \d+, w1 \d+)\./);
    const shares = run.log.match(/^ {2}w[12]: .*$/gm) ?? [];
    expect(shares).toHaveLength(2);
    console.log(`[multihost] a batch on 2 hosts, per host: ${shares.map((l) => l.trim()).join('; ')}`);
    await stop(w1);
    await stop(w2);
  });

  it(`the machine axis: pixelpool lab machines on 1 and 2 hosts, ${ROUNDS} rounds, lanes grouped by host`, async () => {
    const w1 = await startWorker('w1', '0');
    const w2 = await startWorker('w2', '1');
    const sub = network.hosts.sub as Host;
    const proc = track(
      sub.spawn(
        process.execPath,
        [
          CLI,
          'lab',
          'machines',
          inputs,
          '--out',
          join(dir, 'machines'),
          '--filters',
          'gaussian-blur:sigma=6',
          '--runs',
          String(ROUNDS),
          '--redis',
          url,
          '--json',
        ],
        { cwd: ROOT },
      ),
      'machines',
    );
    const { code } = await proc.exited;
    expect(code, proc.log()).toBe(0);
    const report = JSON.parse(proc.log().slice(proc.log().indexOf('{'))) as LabMachinesReport;
    console.log(
      `[multihost] ${formatMachines(report, { timelines: true }).trimEnd().split('\n').join('\n[multihost] ')}`,
    );
    const two = report.points.find((p) => p.hosts === 2);
    expect(report.hosts.map((h) => h.name)).toEqual(['w1', 'w2']);
    expect(two?.speedup?.pairs).toHaveLength(ROUNDS);
    expect(two?.speedup?.median).toBeGreaterThanOrEqual(1.7);
    // Both hosts' lanes in the 2-host run, each busy with a fair share of the photos.
    const timeline = report.timelines.find((t) => t.hosts === 2);
    for (const name of ['w1', 'w2']) {
      expect(timeline?.tasks.some((t) => t.host === name && t.worker === 0)).toBe(true);
      expect(timeline?.images.filter((i) => i.host === name).length).toBeGreaterThanOrEqual(IMAGES / 4);
    }
    expect(await readdir(join(dir, 'machines'))).toEqual([]);
    await stop(w1);
    await stop(w2);
  });

  it('a worker host killed with SIGKILL mid-batch: every image written once, equal to the local batch', async () => {
    const w1 = await startWorker('w1', '0');
    const w2 = await startWorker('w2', '1');
    const out = join(dir, 'killed');
    let killedAt = 0;
    let tookBackMs = Number.NaN;
    let restartedMs = Number.NaN;
    const run = await submit(out, async () => {
      // One job written and the next in hand: the kill lands mid-job, mid-batch.
      await w2.waitFor(/wrote \S+ in \d+ ms[\s\S]*started /, 'a job written and another started', 60_000);
      killedAt = performance.now();
      w2.child.kill('SIGKILL');
      // The survivor's stalled check takes the lost jobs back; then it runs them.
      const finished = finishedJobs(w2.log());
      const lost = startedJobs(w2.log()).filter((id) => !finished.includes(id));
      expect(lost.length).toBeGreaterThan(0);
      for (const id of lost) await w1.waitFor((l) => takenBackJobs(l).includes(id), `job ${id} taken back`);
      tookBackMs = performance.now() - killedAt;
      const after = (log: string, id: string) => log.slice(log.indexOf(`took back job ${id}:`));
      for (const id of lost)
        await w1.waitFor((l) => startedJobs(after(l, id)).includes(id), `job ${id} started again`);
      restartedMs = performance.now() - killedAt;
    });
    const afterKillMs = performance.now() - killedAt;
    expect(run.code, run.log).toBe(0);
    const visible = await hashes(out);
    const temps = Object.keys(visible).filter((n) => n.startsWith('.'));
    for (const temp of temps) delete visible[temp];
    expect(visible).toEqual(local);
    // What the killed host was writing stays under its temp name (hidden, never under an output's name);
    // only that host removes it, when it runs again (engine/batch/output.ts).
    expect(
      temps.every((n) => isTempName(n)),
      temps.join(', '),
    ).toBe(true);
    console.log(`[multihost] left by the killed host: ${temps.length} temp file(s) ${temps.join(', ')}`);
    // The stall interval bounds the take-back (queue-client.ts, stallTimings); the margin is for the
    // timers of a host pinned to a busy core and the log's way here.
    expect(tookBackMs).toBeLessThanOrEqual(STALL_SECONDS * 1000 + 500);
    console.log(
      `[multihost] w2 killed with SIGKILL mid-batch: its job taken back by w1 ${(tookBackMs / 1000).toFixed(2)} s later ` +
        `and started again at ${(restartedMs / 1000).toFixed(2)} s (stall interval ${STALL_SECONDS} s); the batch ended ` +
        `${(afterKillMs / 1000).toFixed(1)} s after the kill; ${run.log.match(/Worker hosts: [^\n]*/)?.[0] ?? ''}`,
    );
    await stop(w1);
    await stop(w2);
  });

  it('Redis restarted mid-batch, with its append-only file on: the batch completes', async () => {
    const w1 = await startWorker('w1', '0');
    const w2 = await startWorker('w2', '1');
    const out = join(dir, 'restarted');
    let downMs = Number.NaN;
    const run = await submit(out, async () => {
      await w1.waitFor('started', 'a job in hand');
      const stoppedAt = performance.now();
      await stop(redis as Proc);
      redis = await startRedis();
      downMs = performance.now() - stoppedAt;
    });
    expect(run.code, run.log).toBe(0);
    expect(await hashes(out)).toEqual(local);
    console.log(
      `[multihost] Redis restarted mid-batch (down ${(downMs / 1000).toFixed(2)} s, from the stop to ready again; ` +
        `jobs taken back after it: ${takenBackJobs(w1.log()).length + takenBackJobs(w2.log()).length}): ` +
        `${run.log.match(/Wrote [^\n]*/)?.[0] ?? ''}`,
    );
    await stop(w1);
    await stop(w2);
  });

  it('a hostile job (a path outside the roots) is refused by the worker with a clear error', async () => {
    const w1 = await startWorker('w1', '0');
    const script = join(dir, 'hostile.cjs');
    await writeFile(
      script,
      `const { Queue, QueueEvents } = require(require.resolve('bullmq', { paths: [${JSON.stringify(ROOT)}] }));
const [host, port, password] = process.argv.slice(2);
const connection = { host, port: Number(port), password, maxRetriesPerRequest: null };
(async () => {
  const queue = new Queue('pixelpool-images', { connection });
  const events = new QueueEvents('pixelpool-images', { connection });
  await events.waitUntilReady();
  const failed = new Promise((r) => events.on('failed', ({ jobId, failedReason }) => jobId === 'hostile' && r(failedReason)));
  await queue.add('image', { v: ${JOB_VERSION}, input: '/etc/passwd', outDir: ${JSON.stringify(join(dir, 'hostile-out'))}, fileName: 'x.jpg',
    overwrite: false, steps: [{ id: 'invert' }], format: 'same', quality: 80, metadata: 'keep', stripGps: false,
    kernels: 'wasm', schedule: 'auto' }, { jobId: 'hostile', attempts: 3 });
  console.log('refused: ' + (await failed));
  await events.close();
  await queue.close();
})();
`,
    );
    const redisHost = network.hosts.redis as Host;
    const proc = track(
      (network.hosts.sub as Host).spawn(process.execPath, [
        script,
        redisHost.address,
        String(REDIS_PORT),
        PASSWORD,
      ]),
      'hostile submitter',
    );
    await proc.waitFor('refused: ', 'a refusal');
    expect(proc.log()).toMatch(/refused: .*\/etc\/passwd: the input is outside this worker's roots/);
    await w1.waitFor(/failed job hostile: .*outside this worker's roots/, 'the refusal in its log');
    expect(w1.log()).not.toContain(PASSWORD);
    await proc.exited;
    await stop(w1);
  });
});
