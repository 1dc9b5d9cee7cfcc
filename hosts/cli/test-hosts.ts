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

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface WorkerProcess {
  child: ChildProcess;
  log(): string;
  /** Resolves once the log matches. */
  waitFor(match: (log: string) => boolean, what: string): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
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
    new Promise((resolveRun, reject) => {
      const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => {
        stdout += d;
      });
      child.stderr.on('data', (d) => {
        stderr += d;
      });
      child.on('error', reject);
      child.on('close', (code) => {
        printed.push(stdout, stderr);
        resolveRun({ code, stdout, stderr });
      });
    });

  const startWorker = async (redis: TestRedis, name: string, roots: string, extra: string[] = []) => {
    const child = spawn(
      process.execPath,
      [CLI, 'worker', '--redis', redis.url, '--name', name, '--workers', '1', '--roots', roots, ...extra],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
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
        printed.push(log);
        r({ code, signal });
      }),
    );
    const worker: WorkerProcess = {
      child,
      log: () => log,
      exited,
      waitFor: (match, what) =>
        new Promise((resolveWait, reject) => {
          const check = () => {
            if (match(log)) {
              listeners.delete(check);
              resolveWait();
            }
          };
          listeners.add(check);
          void exited.then(() => reject(new Error(`worker ${name} exited before ${what}:\n${log}`)));
          check();
        }),
    };
    workers.push(worker);
    await worker.waitFor((l) => l.includes('taking jobs from'), 'it was ready');
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
