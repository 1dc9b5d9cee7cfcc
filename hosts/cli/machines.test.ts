/**
 * The machine axis as a user runs it: two `pixelpool worker` hosts and `pixelpool lab machines` /
 * `pixelpool bench --redis` against a real redis-server with a password. Checks what each run was
 * served by, the timeline's lanes against the runs' own records, what is left behind (nothing), and the
 * refusals: options that belong to the hosts, more hosts than there are, a second experiment, hostile
 * enrolments and host entries, and a worker's malformed answer. Skipped, saying why, without redis-server.
 */
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../../engine/distributed/redis-url';
import { runQueuedBatch } from '../../engine/distributed/submit';
import { redisMissing, startRedis, type TestRedis } from '../../engine/distributed/test-redis';
import { writePhoto } from '../../engine/images/test-fixtures';
import type { LabMachinesReport } from '../../shared/lab/machines';
import { cliHarness, type WorkerProcess } from './test-hosts';

const PASSWORD = 'pp-Machines-pa55word';
const missing = redisMissing();
if (missing !== undefined) process.stderr.write(`hosts/cli/machines.test.ts: ${missing}\n`);

const { printed, pixelpool, startWorker, killAll } = cliHarness();
let dir: string;
let photos: string;
let server: TestRedis;
let redis: Redis;
let w1: WorkerProcess;
let w2: WorkerProcess;
const SIZES = [
  { width: 160, height: 120 },
  { width: 97, height: 61 },
  { width: 1, height: 1 },
  { width: 200, height: 33 },
  { width: 64, height: 64 },
  { width: 120, height: 90 },
];
const MEGAPIXELS = SIZES.reduce((mp, s) => mp + (s.width * s.height) / 1e6, 0);

describe.skipIf(missing !== undefined)(
  'the machines experiment: pixelpool lab machines and bench --redis',
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'pixelpool-machines-'));
      photos = join(dir, 'photos');
      await mkdir(photos);
      for (const [i, size] of SIZES.entries()) await writePhoto(join(photos, `p${i}.jpg`), size);
      server = await startRedis({ password: PASSWORD });
      redis = new Redis({ port: server.port, host: '127.0.0.1', password: PASSWORD });
      // A hostile entry in the hosts' list: it must not become a host of the experiment.
      await redis.zadd('pixelpool:hosts', Date.now() + 60_000, 'ghost');
      await redis.set('pixelpool:host:ghost', '{"name":"ghost","workers":"lots"}');
      w1 = await startWorker(server, 'w1', dir);
      w2 = await startWorker(server, 'w2', dir);
    });
    afterAll(async () => {
      await killAll();
      redis?.disconnect();
      await server?.stop();
      await rm(dir, { recursive: true, force: true });
    });

    it('runs 1 and 2 hosts in turn: each run on exactly its hosts, the timeline its runs’ own, nothing left behind', async () => {
      const out = join(dir, 'scratch');
      const run = await pixelpool([
        'lab',
        'machines',
        photos,
        '--redis',
        server.url,
        '--out',
        out,
        '--runs',
        '2',
        '--filters',
        'gaussian-blur:sigma=2',
        '--json',
      ]);
      expect(run.code, run.stderr).toBe(0);
      const report = JSON.parse(run.stdout) as LabMachinesReport;
      expect(report.hosts.map((h) => h.name)).toEqual(['w1', 'w2']);
      expect(report.hosts.every((h) => h.workers === 1 && h.pool === 'threads')).toBe(true);
      expect(report.images).toBe(SIZES.length);
      expect(report.megapixels).toBeCloseTo(MEGAPIXELS, 6);
      // Interleaved: 1, 2 in the first round, 2, 1 in the second.
      expect(report.history.map((r) => [r.round, r.hosts])).toEqual([
        [0, 1],
        [0, 2],
        [1, 2],
        [1, 1],
      ]);
      for (const r of report.history) {
        expect(r.shares.map((s) => s.name)).toEqual(r.hosts === 1 ? ['w1'] : ['w1', 'w2']);
        expect(r.shares.reduce((n, s) => n + s.images, 0)).toBe(SIZES.length);
        expect(r.shares.reduce((mp, s) => mp + s.megapixels, 0)).toBeCloseTo(MEGAPIXELS, 6);
      }
      // The speedup is the same round's one-host time over the two-host time, recomputed here.
      const ms = (hosts: number, round: number) =>
        report.history.find((r) => r.hosts === hosts && r.round === round)?.ms ?? Number.NaN;
      const two = report.points.find((p) => p.hosts === 2);
      expect(two?.speedup?.pairs).toEqual([ms(1, 0) / ms(2, 0), ms(1, 1) / ms(2, 1)]);
      expect(report.points.find((p) => p.hosts === 1)?.speedup).toBeNull();

      expect(report.timelines.map((t) => t.hosts)).toEqual([1, 2]);
      for (const timeline of report.timelines) {
        const names = timeline.hosts === 1 ? ['w1'] : ['w1', 'w2'];
        // Every photo once, on a host of its run; its tasks on that host, within its job (1 ms of two clocks).
        expect(timeline.images.map((i) => i.image).sort()).toEqual(SIZES.map((_, i) => i));
        for (const image of timeline.images) {
          expect(names).toContain(image.host);
          expect(image.endMs).toBeGreaterThan(image.startMs);
          expect(image.startMs).toBeGreaterThanOrEqual(0);
          expect(image.endMs).toBeLessThanOrEqual(timeline.ms + 1e-6);
          const tasks = timeline.tasks.filter((t) => t.image === image.image);
          expect(tasks.length, `tasks of image ${image.image}`).toBeGreaterThan(0);
          for (const task of tasks) {
            expect(task.host).toBe(image.host);
            expect(task.worker).toBe(0);
            expect(task.startMs).toBeGreaterThanOrEqual(image.startMs - 1);
            expect(task.endMs).toBeLessThanOrEqual(image.endMs + 1);
          }
        }
        expect(timeline.clockUncertaintyMs).toBeGreaterThanOrEqual(0);
        expect(timeline.clockUncertaintyMs).toBeLessThan(50);
      }
      const shares = report.history.find(
        (r) => r.hosts === 2 && r.round === report.timelines[1].round,
      )?.shares;
      for (const share of shares ?? [])
        expect(report.timelines[1].images.filter((i) => i.host === share.name)).toHaveLength(share.images);

      // Nothing left: no scratch output, no experiment queue, no hold on the hosts; the hosts are back to the batch queue alone.
      expect(await readdir(out)).toEqual([]);
      expect(await redis.keys('bull:pixelpool-machines-*')).toEqual([]);
      expect(await redis.exists('pixelpool:enrolment')).toBe(0);
      await w1.waitFor(
        (l) => /left the machines experiment's queue pixelpool-machines-[0-9a-f]+-1/.test(l),
        'it left',
      );
      expect(w2.log()).toMatch(/joined the machines experiment's queue pixelpool-machines-[0-9a-f]+-2/);
      expect(w2.log()).not.toMatch(/joined the machines experiment's queue pixelpool-machines-[0-9a-f]+-1\b/);
    });

    it('prints the table and every lane under its host; bench --redis prints the table alone', async () => {
      const lab = await pixelpool([
        'lab',
        'machines',
        photos,
        '--redis',
        server.url,
        '--out',
        dir,
        '--runs',
        '1',
      ]);
      expect(lab.code, lab.stderr).toBe(0);
      expect(lab.stdout).toMatch(/^hosts {2}median time {2}images\/s/m);
      expect(lab.stdout).toMatch(/^ {4}1 .*\(reference\)/m);
      expect(lab.stdout).toMatch(/Timeline of the median 2-host run/);
      expect(lab.stdout).toMatch(
        /^ {2}w1: \d images?, 1 worker thread\n {4}w1 · worker 0 \|[█·]{60}\| \d+% busy$/m,
      );
      expect(lab.stdout).toMatch(
        /^ {2}w2: \d images?, 1 worker thread\n {4}w2 · worker 0 \|[█·]{60}\| \d+% busy$/m,
      );
      expect(lab.stdout).toContain('Only 1 round: each speedup');
      const bench = await pixelpool([
        'bench',
        photos,
        '--filters',
        'invert',
        '--redis',
        server.url,
        '--out',
        dir,
        '--hosts',
        '2',
        '--repeat',
        '1',
      ]);
      expect(bench.code, bench.stderr).toBe(0);
      expect(bench.stdout).toMatch(/^ {4}2 .*x {2}\[/m);
      expect(bench.stdout).not.toContain('Timeline');
    });

    it('refuses what belongs to the hosts, more hosts than are announced, and a second experiment', async () => {
      const base = ['bench', photos, '--filters', 'invert', '--redis', server.url];
      const noOut = await pixelpool(base);
      expect(noOut.code).toBe(2);
      expect(noOut.stderr).toContain('--out must be given with --redis');
      const workers = await pixelpool([...base, '--out', dir, '--workers', '2']);
      expect(workers.code).toBe(2);
      expect(workers.stderr).toContain('--workers must be left out with --redis');
      const tooMany = await pixelpool([...base, '--out', dir, '--hosts', '1,3']);
      expect(tooMany.code).toBe(2);
      expect(tooMany.stderr).toContain('--hosts must be at most the 2 worker hosts announced (w1, w2)');

      const other = { id: 'ab'.repeat(8), queue: `pixelpool-machines-${'ab'.repeat(8)}-1`, hosts: ['w9'] };
      await redis.set('pixelpool:enrolment', JSON.stringify(other), 'PX', 5000);
      const second = await pixelpool([...base, '--out', dir]);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(
        `another machines experiment (${other.id}, on w9) holds the worker hosts`,
      );
      // Not ours: left in place.
      expect(await redis.get('pixelpool:enrolment')).toBe(JSON.stringify(other));
      await redis.del('pixelpool:enrolment');
    });

    it('a host ignores an enrolment that does not parse, or names a queue outside the experiment’s', async () => {
      const before = w1.log().length;
      for (const hostile of [
        { id: 'cd'.repeat(8), queue: 'pixelpool-images', hosts: ['w1'] },
        { id: 'cd'.repeat(8), queue: 'bull:pixelpool-images:wait', hosts: ['w1'] },
        { id: 'cd'.repeat(8), queue: `pixelpool-machines-${'cd'.repeat(8)}-1`, hosts: ['w1'], extra: true },
      ]) {
        await redis.set('pixelpool:enrolment', JSON.stringify(hostile), 'PX', 5000);
        await new Promise((r) => setTimeout(r, 1200));
      }
      await redis.set('pixelpool:enrolment', 'not json', 'PX', 5000);
      await new Promise((r) => setTimeout(r, 1200));
      await redis.del('pixelpool:enrolment');
      expect(w1.log().slice(before)).not.toContain('joined');
      expect(w1.child.exitCode).toBeNull();
    });

    it('a malformed answer from whatever completed a job fails that image, named, and is not believed', async () => {
      const queue = `pixelpool-machines-${'ef'.repeat(8)}-1`;
      const connection = {
        host: '127.0.0.1',
        port: server.port,
        password: PASSWORD,
        maxRetriesPerRequest: null,
      };
      const impostor = new Worker(
        queue,
        async () => ({ host: 'evil', output: 'relative/path', written: true }),
        {
          connection,
        },
      );
      try {
        const result = await runQueuedBatch(
          { inputs: [join(photos, 'p0.jpg')], outDir: join(dir, 'impostor'), steps: [{ id: 'invert' }] },
          { redis: parseRedisUrl(server.url), queue },
        );
        expect(result.processed).toBe(0);
        expect(result.failed).toHaveLength(1);
        expect(result.failed[0].path).toContain('p0.jpg');
        expect(result.failed[0].error).toMatch(/p0\.jpg: the worker host's answer was malformed \(/);
        expect(result.hosts).toEqual([]);
      } finally {
        await impostor.close();
        const left = new Queue(queue, { connection });
        await left.obliterate({ force: true });
        await left.close();
      }
    });

    it('a host killed mid-run stops the experiment, saying so, and leaves nothing behind', async () => {
      const big = join(dir, 'big');
      await mkdir(big);
      for (let i = 0; i < 12; i++) await writePhoto(join(big, `b${i}.jpg`), { width: 1600, height: 1200 });
      const out = join(dir, 'killed');
      const running = pixelpool([
        'lab',
        'machines',
        big,
        '--redis',
        server.url,
        '--out',
        out,
        '--hosts',
        '2',
        '--runs',
        '1',
        '--filters',
        'gaussian-blur:sigma=8',
      ]);
      // Killed in the timed 2-host run, after the warm-up.
      await w2.waitFor(
        (l) => /started \S+\/big\/b\d+\.jpg -> \S+\.pixelpool-machines-\S+\/2-hosts-round-1\//.test(l),
        'a job of the 2-host run',
      );
      w2.child.kill('SIGKILL');
      const run = await running;
      expect(run.code, run.stdout).toBe(1);
      // Which of the two says so depends on whether w1 finishes the run within the 10 s: a run that
      // ends with the lost host's jobs taken back is refused all the same.
      expect(run.stderr).toMatch(
        /pixelpool: a host of the 2-host run stopped listening on pixelpool-machines-[0-9a-f]+-2 (for 10 s \(w1, w2 were enrolled\)|during it \(w1, w2 were enrolled, w1 listened at its end\))/,
      );
      expect(await readdir(out)).toEqual([]);
      expect(await redis.keys('bull:pixelpool-machines-*')).toEqual([]);
      expect(await redis.exists('pixelpool:enrolment')).toBe(0);
    });

    it('never prints the password', () => {
      expect(printed.length).toBeGreaterThan(0);
      for (const text of printed) expect(text).not.toContain(PASSWORD);
    });
  },
);
