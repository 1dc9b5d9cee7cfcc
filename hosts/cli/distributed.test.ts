/**
 * Distributed batches as a user runs them: `pixelpool worker` processes and `pixelpool batch --redis`
 * (the CLI bundle built by Vitest's globalSetup) against a real redis-server on a loopback port, with a
 * password, started and stopped here. Skipped, saying why, where redis-server is not installed.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_JOB, IMAGE_QUEUE, JOB_VERSION } from '../../engine/distributed/job';
import { redisMissing, startRedis, type TestRedis } from '../../engine/distributed/test-redis';
import { writePhoto } from '../../engine/images/test-fixtures';
import { CLI, cliHarness, ROOT, startedJobs, writtenJobs } from './test-hosts';

const PASSWORD = 'pp-S3cret-pa55word';
const missing = redisMissing();
if (missing !== undefined) process.stderr.write(`hosts/cli/distributed.test.ts: ${missing}\n`);

const { printed, pixelpool, startWorker, stopWorker, killAll } = cliHarness();

let dir: string;
const redises: TestRedis[] = [];
async function redis(): Promise<TestRedis> {
  const started = await startRedis({ password: PASSWORD });
  redises.push(started);
  return started;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-distributed-'));
});
afterAll(async () => {
  await killAll();
  await Promise.all(redises.map((r) => r.stop()));
  await rm(dir, { recursive: true, force: true });
});

/** Photos in two folders, two of the same name (the plan gives the second a suffix). */
async function photoTree(name: string, count: number, size = { width: 64, height: 48 }): Promise<string> {
  const tree = join(dir, name);
  for (let i = 0; i < count; i++) {
    const folder = join(tree, i % 2 === 0 ? 'a' : 'b');
    await mkdir(folder, { recursive: true });
    await writePhoto(join(folder, `p${Math.floor(i / 2)}.${i % 3 === 2 ? 'png' : 'jpg'}`), {
      ...size,
      format: i % 3 === 2 ? 'png' : 'jpeg',
    });
  }
  return tree;
}

/** Every file below `folder`, by its path below it, with its bytes. */
async function filesOf(folder: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(folder, path), await readFile(path));
  }
  return files;
}

async function expectSameFiles(queued: string, local: string) {
  const [a, b] = await Promise.all([filesOf(queued), filesOf(local)]);
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [name, bytes] of a) expect(bytes.equals(b.get(name) as Buffer), name).toBe(true);
}

/** The job ids a worker's log says it started, and wrote. */
describe.skipIf(missing !== undefined)('pixelpool worker and batch --redis', () => {
  it('a batch through two worker processes writes what a local batch writes, byte for byte', async () => {
    const server = await redis();
    const tree = await photoTree('two-workers', 8);
    const w1 = await startWorker(server, 'w1', dir);
    const w2 = await startWorker(server, 'w2', dir);
    const options = ['--filters', 'gaussian-blur:sigma=2,sepia', '--keep-folders', '--quality', '85'];
    const queued = await pixelpool([
      'batch',
      tree,
      '--out',
      join(dir, 'two-out'),
      ...options,
      '--redis',
      server.url,
    ]);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stdout).toMatch(/^Wrote 8 of 8 images to /m);
    expect(queued.stdout).toMatch(/^Worker hosts: w[12] \d, w[12] \d\.|^Worker hosts: w[12] 8\./m);
    // Each host's share and rate, adding up to the batch.
    const shares = [
      ...queued.stdout.matchAll(
        /^ {2}(w[12]): (\d+) images?, ([\d.]+) MP \(([\d.]+) of the batch's ([\d.]+) MP\/s\)$/gm,
      ),
    ];
    expect(shares.length, queued.stdout).toBeGreaterThanOrEqual(1);
    expect(shares.reduce((n, m) => n + Number(m[2]), 0)).toBe(8);
    expect(queued.stderr).toContain('through the queue pixelpool-images at redis://:***@127.0.0.1:');
    const local = await pixelpool(['batch', tree, '--out', join(dir, 'two-local'), ...options]);
    expect(local.code, local.stderr).toBe(0);
    await expectSameFiles(join(dir, 'two-out'), join(dir, 'two-local'));

    // A bad file fails alone, with its reason, and is not retried: the others are written.
    await writePhoto(join(tree, 'a/zz.jpg'));
    await rm(join(dir, 'two-out'), { recursive: true });
    await writeFile(join(tree, 'b/broken.jpg'), 'not a jpeg at all');
    const withBad = await pixelpool([
      'batch',
      tree,
      '--out',
      join(dir, 'two-out'),
      ...options,
      '--redis',
      server.url,
    ]);
    expect(withBad.code, withBad.stderr).toBe(1);
    expect(withBad.stdout).toMatch(/^Wrote 9 of 10 images/m);
    expect(withBad.stdout).toMatch(/Failed 1:\n {2}.*broken\.jpg: /);
    for (const w of [w1, w2]) expect(await stopWorker(w)).toEqual({ code: 0, signal: null });
  });

  it('the same batch submitted twice at once runs and writes each image once', async () => {
    const server = await redis();
    const tree = await photoTree('twice', 6);
    const out = join(dir, 'twice-out');
    const args = ['batch', tree, '--out', out, '--filters', 'invert', '--redis', server.url];
    // No host is running yet: both submissions plan the same names and ids, and wait.
    const first = pixelpool(args);
    const second = pixelpool(args);
    await new Promise((r) => setTimeout(r, 1500));
    const worker = await startWorker(server, 'solo', dir);
    const runs = await Promise.all([first, second]);
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Wrote 6 of 6 images/m);
    }
    expect((await filesOf(out)).size).toBe(6);
    expect(writtenJobs(worker.log())).toHaveLength(6);
    await stopWorker(worker);
  });

  it('a worker killed with SIGKILL mid-batch: its jobs go to the other after the stall interval; each image written once, whole', async () => {
    const server = await redis();
    const tree = await photoTree('kill', 10, { width: 480, height: 360 });
    const out = join(dir, 'kill-out');
    const slow = ['--stall-seconds', '2', '--jobs', '1'];
    const doomed = await startWorker(server, 'doomed', dir, slow);
    const survivor = await startWorker(server, 'survivor', dir, slow);
    const options = ['--filters', 'gaussian-blur:sigma=12,median:radius=2'];
    const submit = pixelpool(['batch', tree, '--out', out, ...options, '--redis', server.url]);
    // Killed while it holds a job it has not finished, after it wrote one.
    await doomed.waitFor(
      (l) => writtenJobs(l).length >= 1 && startedJobs(l).length > writtenJobs(l).length,
      'a job in hand',
    );
    doomed.child.kill('SIGKILL');
    expect((await doomed.exited).signal).toBe('SIGKILL');
    const lost = startedJobs(doomed.log()).filter((id) => !writtenJobs(doomed.log()).includes(id));
    const run = await submit;
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Wrote 10 of 10 images/m);
    expect(lost.length).toBeGreaterThan(0);
    for (const id of lost) expect(writtenJobs(survivor.log())).toContain(id);
    const local = await pixelpool(['batch', tree, '--out', join(dir, 'kill-local'), ...options]);
    expect(local.code, local.stderr).toBe(0);
    // Every image once (no "-1" copies), byte for byte, and no temp file left.
    await expectSameFiles(out, join(dir, 'kill-local'));
    expect(await stopWorker(survivor)).toEqual({ code: 0, signal: null });
  });

  it('a worker refuses hostile jobs with a clear reason, without retrying them', async () => {
    const server = await redis();
    const share = join(dir, 'share');
    await mkdir(share, { recursive: true });
    await writePhoto(join(share, 'ok.jpg'));
    const worker = await startWorker(server, 'guard', share);
    const connection = {
      host: '127.0.0.1',
      port: server.port,
      password: PASSWORD,
      maxRetriesPerRequest: null,
    };
    const queue = new Queue(IMAGE_QUEUE, { connection });
    const events = new QueueEvents(IMAGE_QUEUE, { connection });
    try {
      await events.waitUntilReady();
      const good = {
        v: JOB_VERSION,
        input: join(share, 'ok.jpg'),
        outDir: join(share, 'out'),
        fileName: 'ok-edited.jpg',
        overwrite: false,
        steps: [{ id: 'invert' }],
        format: 'same',
        quality: 80,
        metadata: 'keep',
        stripGps: false,
        kernels: 'wasm',
        schedule: 'auto',
      };
      const hostile: [string, unknown, RegExp][] = [
        [
          'outside',
          { ...good, input: '/etc/passwd' },
          /\/etc\/passwd: the input is outside this worker's roots/,
        ],
        ['out-dir', { ...good, outDir: '/root/.ssh' }, /the output is outside this worker's roots/],
        ['filter', { ...good, steps: [{ id: 'exfiltrate' }] }, /Refused job for .*ok\.jpg: .*exfiltrate/],
        ['malformed', { input: 42 }, /^Malformed job: /],
        [
          'escape',
          { ...good, fileName: '../../../tmp/x.jpg' },
          /the output name must be a path below the output folder/,
        ],
      ];
      const failures = new Map<string, string>();
      const allFailed = new Promise<void>((r) =>
        events.on('failed', ({ jobId, failedReason }) => {
          failures.set(jobId, failedReason);
          if (failures.size === hostile.length) r();
        }),
      );
      for (const [id, data] of hostile) await queue.add(IMAGE_JOB, data, { jobId: id, attempts: 5 });
      await allFailed;
      for (const [id, , reason] of hostile) {
        expect(failures.get(id)).toMatch(reason);
        // Refused once, on the first attempt: every host would refuse it alike.
        expect((await queue.getJob(id))?.attemptsMade, id).toBe(1);
      }
      expect(worker.log()).toMatch(/failed job outside: .*outside this worker's roots/);
      expect(await readdir(share)).toEqual(['ok.jpg']);
    } finally {
      await events.close();
      await queue.close();
    }
    await stopWorker(worker);
  });

  it('Ctrl-C on the submitter removes its waiting jobs from the queue and exits 130; SIGTERM on a busy worker finishes its job and exits 0', async () => {
    const server = await redis();
    const tree = await photoTree('cancel', 4, { width: 480, height: 360 });
    const out = join(dir, 'cancel-out');
    const child = spawn(
      process.execPath,
      [CLI, 'batch', tree, '--out', out, '--filters', 'invert', '--redis', server.url],
      {
        cwd: ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const closed = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const connection = {
      host: '127.0.0.1',
      port: server.port,
      password: PASSWORD,
      maxRetriesPerRequest: null,
    };
    const queue = new Queue(IMAGE_QUEUE, { connection });
    try {
      // No host runs: the jobs wait until the submitter is interrupted.
      while ((await queue.getWaitingCount()) < 4) await new Promise((r) => setTimeout(r, 100));
      // And the submitter says why nothing moves.
      while (!output.includes('waiting for a worker host')) await new Promise((r) => setTimeout(r, 100));
      expect(output).toMatch(
        /waiting for a worker host: none listens on pixelpool-images at redis:\/\/:\*\*\*@127\.0\.0\.1:/,
      );
      child.kill('SIGINT');
      expect(await closed).toBe(130);
      printed.push(output);
      expect(output).toMatch(/Cancelled: wrote 0 of 4 images/);
      expect(await queue.getWaitingCount()).toBe(0);
      await expect(readdir(out)).resolves.toEqual([]);

      // A worker stopped while it holds a job: it finishes and reports it, then exits 0.
      const submit = pixelpool([
        'batch',
        tree,
        '--out',
        out,
        '--filters',
        'gaussian-blur:sigma=12',
        '--redis',
        server.url,
      ]);
      const worker = await startWorker(server, 'drainer', dir, ['--jobs', '1']);
      await worker.waitFor((l) => startedJobs(l).length >= 1, 'a job in hand');
      const inHand = startedJobs(worker.log())[0];
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toEqual({ code: 0, signal: null });
      expect(writtenJobs(worker.log())).toContain(inHand);
      expect(worker.log()).toContain('stopped: every job it took is finished');
      const rest = await startWorker(server, 'rest', dir);
      expect((await submit).code).toBe(0);
      expect((await filesOf(out)).size).toBe(4);
      await stopWorker(rest);
    } finally {
      await queue.close();
    }
  });

  it('never prints the password: not the worker, not the submitter, not their errors', async () => {
    const bad = await pixelpool([
      'batch',
      dir,
      '--out',
      join(dir, 'x'),
      '--filters',
      'invert',
      '--redis',
      `http://:${PASSWORD}@h`,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--redis must be a redis:\/\/ or rediss:\/\/ URL .*got "http:\/\/:\*\*\*@h"/);
    expect(printed.length).toBeGreaterThan(0);
    for (const text of printed) expect(text).not.toContain(PASSWORD);
  });
});

describe('the local CLI and app without --redis', () => {
  it('load no Redis client: bullmq and ioredis are imported only by the distributed code path', async () => {
    const main = join(ROOT, 'out/main');
    const names = (await readdir(main, { recursive: true })).filter((name) => name.endsWith('.js'));
    const bundles = await Promise.all(
      names.map(async (name) => ({ name, code: await readFile(join(main, name), 'utf8') })),
    );
    const all = bundles.map((b) => b.code).join('\n');
    expect(all).not.toMatch(/require\(["'](bullmq|ioredis)["']\)/);
    expect(all.match(/import\(["']bullmq["']\)/g)).toHaveLength(1);
    expect(all.match(/import\(["']ioredis["']\)/g)).toHaveLength(1);
    // The app's service (web host, Electron) reaches the distributed chunks only through a dynamic
    // import: follow the static requires from its entry points and none of them may be met.
    const code = new Map(bundles.map((b) => [b.name, b.code]));
    const eager = new Set<string>();
    const visit = (name: string): void => {
      if (eager.has(name)) return;
      eager.add(name);
      for (const found of (code.get(name) ?? '').matchAll(/(.{0,40})require\("(\.[^"]*\.js)"\)/g)) {
        if (/Promise\.resolve\(\)\.then\(\(\) => $/.test(found[1] ?? '')) continue;
        visit(join(dirname(name), found[2] ?? ''));
      }
    };
    for (const entry of ['index.js', 'hosts/web.js']) visit(entry);
    const distributed = names.filter((name) => /chunks\/(submit|machines)-/.test(name));
    expect(distributed).toHaveLength(2);
    for (const name of distributed) expect([...eager], name).not.toContain(name);
    expect(eager.size).toBeGreaterThan(2);
  });
});
