/**
 * A short, fixed CPU loop timed on one thread and then on every core at once, before and after the
 * benchmark: how many cores' worth of speed the machine gives right now (`coresDelivered`), and whether
 * its speed changed during the run (warnings.ts reads both). The loop is integer arithmetic with a
 * carried dependency (nothing for V8 to skip), in eval'd worker threads (no file to find in a bundle),
 * each timing itself, so the main thread's own work does not enter the figure. It takes about half a
 * second; nothing else of the benchmark runs meanwhile.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { median } from './statistics';
import type { Calibration } from './types';

/** About 25 ms of work on this machine's cores (AMD EPYC, Node 20); fixed, so timings compare. */
const LOOP_ITERATIONS = 25_000_000;
/** Timings per thread; the median is kept. */
const TIMINGS = 3;

const LOOP_SOURCE = `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (n) => {
  const start = performance.now();
  let x = 1;
  for (let i = 0; i < n; i++) x = (Math.imul(x, 1664525) + 1013904223) | 0;
  parentPort.postMessage({ ms: performance.now() - start, x });
});
`;

interface LoopThread {
  run(): Promise<number>;
  stop(): Promise<number>;
}

async function startLoopThread(): Promise<LoopThread> {
  const worker = new Worker(LOOP_SOURCE, { eval: true });
  await new Promise<void>((resolve, reject) => {
    worker.once('online', resolve);
    worker.once('error', reject);
  });
  return {
    run: () =>
      new Promise<number>((resolve, reject) => {
        worker.once('message', (m: { ms: number }) => resolve(m.ms));
        worker.once('error', reject);
        worker.postMessage(LOOP_ITERATIONS);
      }),
    stop: () => worker.terminate(),
  };
}

/** Times the loop alone, then on `cores` threads at once (default: the cores this process may use). */
export async function calibrate(cores = availableParallelism(), signal?: AbortSignal): Promise<Calibration> {
  const threads = await Promise.all(Array.from({ length: cores }, startLoopThread));
  try {
    const single: number[] = [];
    const parallel: number[][] = threads.map(() => []);
    for (let t = 0; t < TIMINGS; t++) {
      signal?.throwIfAborted();
      single.push(await threads[0].run());
    }
    for (let t = 0; t < TIMINGS; t++) {
      signal?.throwIfAborted();
      const ms = await Promise.all(threads.map((thread) => thread.run()));
      for (const [i, m] of ms.entries()) parallel[i].push(m);
    }
    return calibrationOf(median(single), parallel.map(median));
  } finally {
    await Promise.all(threads.map((thread) => thread.stop()));
  }
}

/** The figures of a calibration from its timings. */
export function calibrationOf(singleMs: number, parallelMs: number[]): Calibration {
  return {
    singleMs,
    parallelMs,
    coresDelivered: parallelMs.reduce((sum, ms) => sum + Math.min(1, singleMs / ms), 0),
  };
}
