/**
 * The desktop app's process pool without Electron (which cannot run here): utilitySlotSpawner over a
 * stand-in for `utilityProcess.fork` that starts the real built filter process under node, with
 * `process.parentPort` provided over its IPC channel. The child then takes its utilityProcess path
 * (workers/filter.process-channel.ts) and the pool its utilityChannel: what differs from fork is
 * exercised, with the real kernels on the other side.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FilterPool, runSerial } from '../../engine/pool/index';
import { noiseImage } from '../../engine/pool/test-images';
import { loadablePath, type UtilityChild, type UtilityFork, utilitySlotSpawner } from './utility-slot';

const dir = mkdtempSync(join(tmpdir(), 'pixelpool-utility-'));
// What Electron gives a utility process, made from fork's channel: a parentPort whose messages arrive
// as { data }, and postMessage. process.send is taken away, so a child that took its fork path would
// find no channel and fail to start.
const shim = join(dir, 'parent-port.cjs');
writeFileSync(
  shim,
  `const send = process.send.bind(process);
process.parentPort = {
  on(event, listener) { if (event === 'message') process.on('message', (data) => listener({ data, ports: [] })); },
  postMessage(message) { send(message); },
};
process.send = undefined;
`,
);

const started: { path: string; options: Parameters<UtilityFork>[2]; child: ChildProcess }[] = [];

/** A UtilityProcess (exit carries a code only; kill() sends SIGTERM) over a forked node. */
const fakeUtilityFork: UtilityFork = (path, args, options) => {
  const child = fork(path, args, {
    serialization: 'advanced',
    execArgv: ['--require', shim],
    env: options.env,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  started.push({ path, options, child });
  const exitListeners = new Map<(code: number) => void, (code: number | null) => void>();
  const utility = {
    get pid() {
      return child.pid;
    },
    postMessage: (message: unknown) => {
      child.send(message as object);
    },
    kill: () => child.kill(),
    on(event: string, listener: (...args: never[]) => void) {
      if (event === 'exit') {
        const onExit = (code: number | null) => (listener as (code: number) => void)(code ?? 143);
        exitListeners.set(listener as (code: number) => void, onExit);
        child.on('exit', onExit);
      } else if (event === 'message') child.on('message', listener as (message: unknown) => void);
      return utility;
    },
    off(event: string, listener: (...args: never[]) => void) {
      if (event === 'exit') {
        const onExit = exitListeners.get(listener as (code: number) => void);
        if (onExit) child.off('exit', onExit);
      } else if (event === 'message') child.off('message', listener as (message: unknown) => void);
      return utility;
    },
  };
  return utility as UtilityChild;
};

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => {
  for (const { child } of started) child.kill('SIGKILL');
});

describe('the utilityProcess slot spawner', () => {
  it('runs a pool of processes that writes what the serial path writes, and leaves none behind', async () => {
    const pool = await FilterPool.create({
      size: 2,
      pool: 'processes',
      processSpawner: utilitySlotSpawner(fakeUtilityFork),
    });
    const pids = pool.threadIds;
    try {
      expect(started.map((s) => s.path.endsWith('filter.process.js'))).toEqual([true, true]);
      expect(started[0]?.options).toMatchObject({ serviceName: 'PixelPool filter worker', stdio: 'inherit' });
      const steps = [{ id: 'gaussian-blur', params: { sigma: 2 } }, { id: 'invert' }];
      for (const [width, height] of [
        [1, 1],
        [33, 17],
      ]) {
        const image = noiseImage(width, height, width * height);
        const result = await pool.apply(image, steps, { stripRows: 5 });
        expect(Buffer.from(result.image.data).equals(Buffer.from(runSerial(image, steps).data))).toBe(true);
      }
    } finally {
      await pool.terminate();
    }
    expect(pids.filter(running)).toEqual([]);
  });

  it('replaces a utility process that dies, and retries its strip', async () => {
    const pool = await FilterPool.create({
      size: 1,
      pool: 'processes',
      processSpawner: utilitySlotSpawner(fakeUtilityFork),
      faults: ({ stripIndex, attempt }) => (stripIndex === 0 && attempt === 0 ? 'exit' : undefined),
    });
    try {
      const image = noiseImage(8, 12, 5);
      const result = await pool.apply(image, [{ id: 'invert' }], { stripRows: 6 });
      expect(
        Buffer.from(result.image.data).equals(Buffer.from(runSerial(image, [{ id: 'invert' }]).data)),
      ).toBe(true);
    } finally {
      await pool.terminate();
    }
  });

  it('loads the worker from outside the asar archive, as threads.js does', () => {
    expect(loadablePath('/opt/PixelPool/resources/app.asar/out/main/workers/filter.process.js')).toBe(
      '/opt/PixelPool/resources/app.asar.unpacked/out/main/workers/filter.process.js',
    );
    expect(loadablePath('/home/me/pixelpool/out/main/workers/filter.process.js')).toBe(
      '/home/me/pixelpool/out/main/workers/filter.process.js',
    );
  });
});
