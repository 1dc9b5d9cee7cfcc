/**
 * The processes of a distributed test as a user starts them: `pixelpool worker` hosts and one-off
 * `pixelpool …` commands of the CLI bundle Vitest's globalSetup builds, everything they print kept (to
 * look for a password in), and every host killed at the end.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { TestRedis } from '../../engine/distributed/test-redis';

export const ROOT = resolve(__dirname, '../..');
export const CLI = join(ROOT, 'out/main/hosts/cli.js');

// What a worker host's log says of its jobs (engine/distributed/worker-host.ts), as job ids.
const jobIds = (log: string, line: RegExp) => [...log.matchAll(line)].map((m) => m[1] as string);
/** The jobs a worker host's log says it started. */
export const startedJobs = (log: string) => jobIds(log, /started \S+ -> \S+ \(job (\S+)\)/g);
/** The jobs it wrote the output of. */
export const writtenJobs = (log: string) => jobIds(log, /wrote \S+ in \d+ ms \(job (\S+)\)/g);
/** The jobs it finished: written, or left alone because another file was there. */
export const finishedJobs = (log: string) =>
  jobIds(log, /(?:wrote|left alone \(another file was there\)) \S+ in \d+ ms \(job (\S+)\)/g);
/** The jobs its stalled check took back from a host that went silent. */
export const takenBackJobs = (log: string) => jobIds(log, /took back job (\S+):/g);

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A long-running process whose output (stdout and stderr, interleaved) is kept and watched. */
export interface Tracked {
  child: ChildProcess;
  log(): string;
  /** Resolves once the log contains `match` (or matches it); rejects if the process exits first, or after timeoutMs. */
  waitFor(
    match: string | RegExp | ((log: string) => boolean),
    what: string,
    timeoutMs?: number,
  ): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}
export type WorkerProcess = Tracked;

export function track(child: ChildProcess, label: string, onClose?: (log: string) => void): Tracked {
  let log = '';
  const listeners = new Set<() => void>();
  const onData = (d: Buffer) => {
    log += d;
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    child.on('close', (code, signal) => {
      onClose?.(log);
      r({ code, signal });
    }),
  );
  const waitFor: Tracked['waitFor'] = (match, what, timeoutMs = 60_000) =>
    new Promise((resolveWait, reject) => {
      const matches = () =>
        typeof match === 'string'
          ? log.includes(match)
          : match instanceof RegExp
            ? match.test(log)
            : match(log);
      const timer = setTimeout(
        () => reject(new Error(`${label}: no ${what} in ${timeoutMs} ms:\n${log}`)),
        timeoutMs,
      );
      const check = () => {
        if (!matches()) return;
        clearTimeout(timer);
        listeners.delete(check);
        resolveWait();
      };
      listeners.add(check);
      void exited.then(() => {
        clearTimeout(timer);
        if (!matches()) reject(new Error(`${label} exited before ${what}:\n${log}`));
      });
      check();
    });
  return { child, log: () => log, exited, waitFor };
}

/** Runs the CLI bundle at `cli` (the build, or a copy of it) to its end. */
export function runCli(
  cli: string,
  args: readonly string[],
  opts: { onSpawn?: (child: ChildProcess) => void; onClose?: (run: Run) => void } = {},
): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const run = { code, signal, stdout, stderr };
      opts.onClose?.(run);
      resolveRun(run);
    });
    opts.onSpawn?.(child);
  });
}

export interface CliHarness {
  /** Everything every process printed. */
  printed: string[];
  pixelpool(args: readonly string[]): Promise<Run>;
  /** A worker host with one worker, ready (it said it takes jobs). */
  startWorker(redis: TestRedis, name: string, roots: string, extra?: string[]): Promise<WorkerProcess>;
  stopWorker(worker: WorkerProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILLs every host still running and waits for them. */
  killAll(): Promise<void>;
}

export function cliHarness(): CliHarness {
  const printed: string[] = [];
  const workers: WorkerProcess[] = [];

  const pixelpool = (args: readonly string[]): Promise<Run> =>
    runCli(CLI, args, { onClose: (run) => printed.push(run.stdout, run.stderr) });

  const startWorker = async (redis: TestRedis, name: string, roots: string, extra: string[] = []) => {
    const child = spawn(
      process.execPath,
      [CLI, 'worker', '--redis', redis.url, '--name', name, '--workers', '1', '--roots', roots, ...extra],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const worker = track(child, `worker ${name}`, (log) => printed.push(log));
    workers.push(worker);
    await worker.waitFor('taking jobs from', 'its ready line');
    return worker;
  };

  const stopWorker = (worker: WorkerProcess) => {
    if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
    return worker.exited;
  };

  const killAll = async () => {
    for (const w of workers)
      if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
  };

  return { printed, pixelpool, startWorker, stopWorker, killAll };
}
