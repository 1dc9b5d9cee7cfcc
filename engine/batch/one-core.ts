/**
 * The serial baseline's one core: decode, filter and encode each hold it while they work, so that
 * however the stages are wired, at most one of them computes at a time. With libvips on one thread
 * too, `--serial` then does the whole job on one core, which is what a speedup is measured against.
 * The parallel batch gets a gate that never waits.
 */
export interface CoreGate {
  /** Runs `work` when the core is free. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

export const noGate: CoreGate = { run: (work) => work() };

export function oneCore(): CoreGate {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(work: () => Promise<T>): Promise<T> {
      const turn = tail.then(work);
      // The next one waits for this one to settle, whichever way it settles.
      tail = turn.catch(() => undefined);
      return turn;
    },
  };
}
