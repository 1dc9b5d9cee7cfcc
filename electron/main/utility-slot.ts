/**
 * The desktop app's process pool: each worker process started with Electron's `utilityProcess.fork`,
 * not `child_process.fork`. The app's binary is Electron, and with the runAsNode fuse off
 * (electron.builder.yml) it can no longer be started as plain node, which is what fork does; a utility
 * process is Electron's own way to run a Node script in a child (docs/security.md).
 *
 * The child is the same built workers/filter.process.js as under fork: it finds `process.parentPort`
 * and serves its calls there (workers/filter.process-channel.ts). Calls and answers travel as
 * structured clones over that MessagePort (typed arrays stay typed arrays), as they do over fork's
 * advanced serialization. Everything else, the ready handshake, deaths, kill, is ProcessSlot's.
 *
 * Electron cannot run in this repository's tests: this module is kept to the mapping from a
 * UtilityProcess to a ChildChannel, with the `fork` function injectable so that mapping is tested.
 */
import { type ChildChannel, ProcessSlot, type SlotSpawner } from '../../engine/pool/index';

/** What this module uses of a UtilityProcess (Electron.UtilityProcess). */
export interface UtilityChild {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  on(event: 'error', listener: (type: string, location: string) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'exit', listener: (code: number) => void): unknown;
  off(event: 'error', listener: (type: string, location: string) => void): unknown;
}

/** `utilityProcess.fork`, as much of its signature as is used. */
export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: { serviceName: string; stdio: 'inherit' | 'ignore'; env: Record<string, string> },
) => UtilityChild;

/**
 * Where a utility process can load the worker from: threads.js and the packaged app load it from
 * app.asar.unpacked (electron.builder.yml unpacks out/main/**), so the process does too.
 */
export function loadablePath(path: string): string {
  return path.replace(/\.asar([/\\])/, '.asar.unpacked$1');
}

/** A UtilityProcess as the ChildChannel a ProcessSlot speaks to. */
export function utilityChannel(child: UtilityChild): ChildChannel {
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  return {
    get pid() {
      return child.pid;
    },
    hasExited: () => exited,
    send: (call) => child.postMessage(call),
    onMessage: (listener) => {
      const onMessage = listener as (message: unknown) => void;
      child.on('message', onMessage);
      return () => child.off('message', onMessage);
    },
    onExit: (listener) => {
      const onExit = (code: number) => listener(`code ${code}`);
      child.on('exit', onExit);
      return () => child.off('exit', onExit);
    },
    onError: (listener) => {
      // A fatal V8 error; the 'exit' that always follows it reports the death as well.
      const onError = (type: string, location: string) => listener(new Error(`${type} at ${location}`));
      child.on('error', onError);
      return () => child.off('error', onError);
    },
    kill: () => {
      if (!exited) child.kill();
    },
  };
}

/** The SlotSpawner the desktop app gives its service (ServiceOptions.processSpawner). */
export function utilitySlotSpawner(fork: UtilityFork): SlotSpawner {
  return ProcessSlot.spawnerFor((path, env) =>
    utilityChannel(
      fork(loadablePath(path), [], {
        serviceName: 'PixelPool filter worker',
        stdio: 'inherit',
        env: { ...stringEnv(process.env), ...env },
      }),
    ),
  );
}

/** process.env without its undefined entries (utilityProcess wants strings only). */
function stringEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
