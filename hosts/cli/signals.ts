/**
 * Ctrl-C, SIGTERM and SIGHUP for long commands. threads.js installs SIGINT/SIGTERM handlers (when it loads, and
 * again when it creates its first worker) that terminate the workers and exit at once with code 0, which
 * would cut a batch short between a temp file and its rename and report success. The CLI owns its
 * process, so while a command runs it takes those signals over and cancels through an AbortSignal
 * instead; a later signal exits immediately.
 *
 * bin/pixelpool.js runs the CLI as its child (to set MALLOC_ARENA_MAX) and forwards every signal it
 * gets, so a Ctrl-C at a terminal reaches the CLI twice within a few milliseconds: once from the
 * terminal (same process group) and once forwarded. Signals that close together count as one.
 */
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type Interrupt = (typeof SIGNALS)[number];
type Listener = (...args: unknown[]) => void;

/** A second signal within this many ms of the first is the same interrupt, seen twice. */
const SAME_INTERRUPT_MS = 300;

/** The exit code a shell expects of a process stopped by a signal: 128 + its number. */
export const EXIT_CODE_OF: Record<Interrupt, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export interface Interrupts {
  signal: AbortSignal;
  /** The exit code of a cancelled command: 130 after SIGINT, 143 after SIGTERM, 129 after SIGHUP. */
  readonly cancelledExitCode: number;
  /** Runs `start` (which may create workers) and removes any signal handlers it installed. */
  guard<T>(start: () => Promise<T>): Promise<T>;
  /** Gives the signals back to the handlers that had them before. */
  dispose(): void;
}

/**
 * Makes `handler` the only listener of `signal` and returns the ones it displaced. It is added before
 * the others go: removing the last listener closes the signal's watcher, and a signal that watcher had
 * caught but not yet delivered would be lost.
 */
function takeOver(signal: Interrupt, handler: (signal: Interrupt) => void): Listener[] {
  const others = (process.listeners(signal) as Listener[]).filter((l) => l !== handler);
  process.on(signal, handler);
  for (const listener of others) process.off(signal, listener);
  return others;
}

/**
 * From the CLI's first line until a command takes over with handleInterrupts: a signal ends the
 * process at once with the code a shell expects (nothing has been written yet), instead of reaching
 * the handlers threads.js installed when it loaded, which exit 0.
 */
export function exitOnEarlySignals(): void {
  const early = (signal: Interrupt) => process.exit(EXIT_CODE_OF[signal]);
  for (const s of SIGNALS) takeOver(s, early);
}

export function handleInterrupts(onFirst: () => void): Interrupts {
  const controller = new AbortController();
  let first: { signal: Interrupt; at: number } | undefined;
  const handler = (signal: Interrupt) => {
    if (first) {
      if (performance.now() - first.at < SAME_INTERRUPT_MS) return;
      process.exit(EXIT_CODE_OF[signal]);
    }
    first = { signal, at: performance.now() };
    onFirst();
    controller.abort();
  };
  const displaced = new Map<Interrupt, Listener[]>();
  for (const s of SIGNALS) displaced.set(s, takeOver(s, handler));

  return {
    signal: controller.signal,
    get cancelledExitCode() {
      return EXIT_CODE_OF[first?.signal ?? 'SIGINT'];
    },
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
