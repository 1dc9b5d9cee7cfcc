/**
 * The worker threads an experiment runs on directly (race, manager): the pool's own filter workers
 * (WorkerSlot), started for the experiment and stopped after it. A worker that dies leaves its call
 * unanswered, as any threads.js call on a dead thread; `alive` turns such a call into an error naming
 * the worker, so an experiment fails instead of waiting for ever.
 */
import { WorkerSlot } from '../pool/worker-slot';

export interface LabWorkers {
  slots: WorkerSlot[];
  /** `work`, or the death of a worker while it runs, whichever comes first. */
  alive<T>(work: Promise<T>): Promise<T>;
  /** Why a worker died, once one has. */
  death(): Error | undefined;
}

/** Starts `count` workers, runs `experiment` on them, and stops them however it ends. */
export async function withLabWorkers<T>(
  experiment: string,
  count: number,
  run: (workers: LabWorkers) => Promise<T>,
  /** Test-only: workers that honour injected faults (see FaultPlan). */
  faultInjection = false,
): Promise<T> {
  let died: Error | undefined;
  let onDeath: (error: Error) => void = () => {};
  const dead = new Promise<never>((_, reject) => {
    onDeath = reject;
  });
  dead.catch(() => undefined); // observed through alive() and death(); never unhandled
  const slots = await Promise.all(
    Array.from({ length: count }, (_, k) =>
      WorkerSlot.spawn(k, { faultInjection }, (_slot, death) => {
        died ??= new Error(`${experiment}: worker ${k} died (${death.message})`);
        onDeath(died);
      }),
    ),
  );
  try {
    return await run({ slots, alive: (work) => Promise.race([work, dead]), death: () => died });
  } finally {
    await Promise.all(slots.map((slot) => slot.kill()));
  }
}
