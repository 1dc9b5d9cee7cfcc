/**
 * The queue experiment's words and shapes (shared/lab/index.ts has the lab's list): decode → filter →
 * encode joined by queues of one capacity per run (engine/lab/queue.ts), its report, the Python queues it
 * mirrors, and the sentences that tie a result to the idea. Pure: the engine declares its report as these.
 */
import type { PipelineStep } from '../../workers/filters/types';
import type { LabRequestBase, LabResultBase } from './common';
import type { LabMachine } from './machine';

/**
 * The pipeline `pixelpool lab queue` and the app's queue experiment run when none is given: a filter
 * slower than decoding a photo (measured on the 2-core machine, the sample photos: about 370 ms a photo
 * against about 150 ms for the decode), so the decoder has a stage to run ahead of and a capacity
 * something to hold back; with gaussian-blur:sigma=3 the decoder is the slow stage and every queue stays
 * empty.
 */
export const LAB_QUEUE_FILTERS = 'median:radius=4';
/** LAB_QUEUE_FILTERS as steps (the app sends these). */
export const LAB_QUEUE_STEPS: PipelineStep[] = [{ id: 'median', params: { radius: 4 } }];
/** The capacities run when none are given: one, a few, and unbounded (0). */
export const LAB_QUEUE_CAPACITIES: readonly number[] = [1, 4, 0];
/** The most capacities one run of the app takes, and the largest bounded one (the CLI's bound too). */
export const LAB_QUEUE_MAX_CAPACITIES = 6;
export const LAB_QUEUE_MAX_CAPACITY = 1000;

/** The Python each part of the experiment mirrors. */
export const QUEUE_PYTHON = {
  bounded: 'queue.Queue(maxsize) / multiprocessing.Queue(maxsize)',
  unbounded: 'queue.Queue(maxsize=0): unbounded',
  sentinel: 'the None a producer puts last, the consumer stopping on it',
} as const;

/** [ms from the run's start, items in the queue]. */
export type DepthSample = [number, number];

export interface QueueCapacityResult {
  /** The capacity of both queues; 0: unbounded. */
  capacity: number;
  totalMs: number;
  megapixelsPerSecond: number;
  /** Most images held at once, anywhere between their decode and the end of their encode. */
  peakImagesInMemory: number;
  /** Most pixel bytes held at once: decoded images, and filtered ones not yet encoded. */
  peakBytes: number;
  /** Each queue's depth every sampleEveryMs, with a sample at the start and the end. */
  depths: { decoded: DepthSample[]; filtered: DepthSample[] };
  /** Each queue's deepest moment, seen right after every put (not sampled: exact). */
  maxDepths: { decoded: number; filtered: number };
  /** Both consumers ended on the DONE sentinel, not on an error or a count. */
  endedWithSentinel: boolean;
  /** Every image encoded, in the order the encoder finished them. */
  processed: { index: number; label: string; encodedBytes: number }[];
}

export interface QueueReport {
  workers: number;
  files: string[];
  /** The photos, as the report names them (the result's `images` are the app's names for them). */
  photos: { label: string; width: number; height: number }[];
  megapixels: number;
  sampleEveryMs: number;
  capacities: QueueCapacityResult[];
  machine: LabMachine;
}

/** A capacity in words: "unbounded" for 0. */
export const capacityText = (capacity: number): string => (capacity === 0 ? 'unbounded' : String(capacity));
/** Bytes as whole MB (2^20). */
export const queueMb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What the experiment did, in two sentences: the head of its result. */
export function queueIntro(report: QueueReport, filters: string): string[] {
  return [
    `Queues: ${plural(report.photos.length, 'photo')} (${report.megapixels.toFixed(1)} MP in all), decoded by sharp, filtered with ${filters} on ${report.workers} workers, encoded to JPEG in memory (nothing written);`,
    'one stage each, a queue of the same capacity between decode and filter and between filter and encode, one run per capacity.',
  ];
}

/** What the capacities did to memory and throughput, and how every stream ended. */
export function queueFindings(
  report: QueueReport,
): { key: 'memory' | 'throughput' | 'sentinel'; text: string }[] {
  const runs = report.capacities;
  const n = report.photos.length;
  const least = runs.reduce((a, b) => (b.peakBytes < a.peakBytes ? b : a));
  // Ties go to the larger capacity (unbounded is the largest): the one that could have held more.
  const roomier = (a: QueueCapacityResult, b: QueueCapacityResult) =>
    b.capacity === 0 || (a.capacity !== 0 && b.capacity > a.capacity);
  const most = runs.reduce((a, b) =>
    b.peakBytes > a.peakBytes || (b.peakBytes === a.peakBytes && roomier(a, b)) ? b : a,
  );
  let memory: string;
  if (least.peakBytes < most.peakBytes) {
    const mostLabel = most.capacity === 0 ? 'unbounded' : `capacity ${most.capacity}`;
    const all =
      most.peakImagesInMemory < n
        ? ''
        : most.capacity === 0
          ? ', every photo there was (an unbounded queue holds as many as the decoder outruns the filter by: more photos, more memory)'
          : `, every photo there was (with only ${n} photos a capacity of ${most.capacity} is never the limit)`;
    memory = `Capacity ${capacityText(least.capacity)} held at most ${least.peakImagesInMemory} photos (${queueMb(least.peakBytes)}) at once, ${mostLabel} ${most.peakImagesInMemory} (${queueMb(most.peakBytes)})${all}: a full queue makes put() wait, as Python's queue.Queue(maxsize) and multiprocessing.Queue(maxsize) do, so the decoder cannot run ahead of the filter${most.capacity === 0 ? '; with maxsize=0, unbounded, nothing holds it back' : ''}.`;
  } else {
    memory = `Every capacity held at most ${most.peakImagesInMemory} photos (${queueMb(most.peakBytes)}) at once: the decoder never got far ahead of the filter here (${n} photos), so a full queue's put() (Python's queue.Queue(maxsize), multiprocessing.Queue(maxsize)) had little to hold back.`;
  }
  const slowest = runs.reduce((a, b) => (b.megapixelsPerSecond < a.megapixelsPerSecond ? b : a));
  const fastest = runs.reduce((a, b) => (b.megapixelsPerSecond > a.megapixelsPerSecond ? b : a));
  const spread = fastest.megapixelsPerSecond / slowest.megapixelsPerSecond;
  const smallerWasSlower =
    slowest.capacity !== 0 && (fastest.capacity === 0 || slowest.capacity < fastest.capacity);
  const range = `from ${slowest.megapixelsPerSecond.toFixed(1)} MP/s (capacity ${capacityText(slowest.capacity)}) to ${fastest.megapixelsPerSecond.toFixed(1)} MP/s (capacity ${capacityText(fastest.capacity)}), one run each`;
  const throughput =
    spread < 1.1
      ? `Throughput hardly moved (${slowest.megapixelsPerSecond.toFixed(1)} to ${fastest.megapixelsPerSecond.toFixed(1)} MP/s, one run each): the slowest stage sets the pace, and a queue of one is enough to keep it fed, so the capacity bought memory, not speed.`
      : smallerWasSlower
        ? `Throughput went ${range}: a small queue can leave a stage waiting when its neighbour's pace varies from photo to photo, though a difference this size can also be the machine's noise (run again to tell).`
        : `Throughput went ${range}: the smaller queue was not the slower one, so this is the machine's noise rather than the capacity; the slowest stage sets the pace either way.`;
  const allDone = runs.every((r) => r.endedWithSentinel);
  const sentinel = allDone
    ? 'Every run ended with the DONE sentinel: each producer closed its queue when it had put its last photo, and each consumer stopped when the drained queue handed it DONE, as a Python consumer stops on the None its producer puts last.'
    : `The runs at capacity ${runs
        .filter((r) => !r.endedWithSentinel)
        .map((r) => capacityText(r.capacity))
        .join(', ')} did not end with the DONE sentinel.`;
  return [
    { key: 'memory', text: memory },
    { key: 'throughput', text: throughput },
    { key: 'sentinel', text: sentinel },
  ];
}

/** startLab's request for the queue experiment: the photos (imageIds), the pipeline, the pool, the capacities. */
export interface LabQueueRequest extends LabRequestBase {
  experiment: 'queue';
  /** The filter stage's pipeline (LAB_QUEUE_STEPS by default). */
  steps: PipelineStep[];
  /** The filter stage's pool of worker threads (1..maxWorkers). */
  workers: number;
  /** Queue capacities, one run each, in order; 0: unbounded (1..LAB_QUEUE_MAX_CAPACITIES of them). */
  capacities: number[];
}

/** The queue experiment's result: the engine's report, the pipeline as a spec, and what it ran on. */
export interface LabQueueResult extends QueueReport, LabResultBase {
  experiment: 'queue';
  /** The pipeline that ran, as a filter spec ("median:radius=4"). */
  filters: string;
}
