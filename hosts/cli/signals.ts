/**
 * Ctrl-C for long commands. threads.js installs SIGINT/SIGTERM handlers (when it loads, and again
 * when it creates its first worker) that terminate the workers and exit at once with code 0, which
 * would cut a batch short between a temp file and its rename and report success. The CLI owns its
 * process, so while a command runs it takes those signals over and cancels through an AbortSignal
 * instead; a second Ctrl-C exits immediately.
 */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;
type Listener = (...args: unknown[]) => void;

export interface Interrupts {
  signal: AbortSignal;
  /** Runs `start` (which may create workers) and removes any signal handlers it installed. */
  guard<T>(start: () => Promise<T>): Promise<T>;
  /** Gives the signals back to the handlers that had them before. */
  dispose(): void;
}

export function handleInterrupts(onFirst: () => void): Interrupts {
  const controller = new AbortController();
  const handler = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
    onFirst();
    controller.abort();
  };
  const displaced = new Map<NodeJS.Signals, Listener[]>();
  for (const s of SIGNALS) {
    displaced.set(s, process.listeners(s) as Listener[]);
    process.removeAllListeners(s);
    process.on(s, handler);
  }

  return {
    signal: controller.signal,
    async guard(start) {
      try {
        return await start();
      } finally {
        for (const s of SIGNALS) {
          for (const listener of process.listeners(s)) if (listener !== handler) process.off(s, listener);
        }
      }
    },
    dispose() {
      for (const s of SIGNALS) {
        process.off(s, handler);
        for (const listener of displaced.get(s) ?? []) process.on(s, listener);
      }
    },
  };
}
