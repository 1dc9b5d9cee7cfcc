/**
 * The pipe experiment's words and shapes (shared/lab/index.ts has the lab's list): its three channels, the
 * Python API each mirrors, the request the app sends and the report it gets back, and the sentences that
 * tie a result to the idea. Pure: engine/lab/pipe.ts declares its report as these types.
 */

import type { LabRequestBase, LabResultBase } from './common';
import type { LabMachine, LabNoise } from './machine';

/** The channels measured, in the engine's order. */
export const PIPE_CHANNEL_NAMES = ['thread', 'process', 'queue'] as const;
export type PipeChannelName = (typeof PIPE_CHANNEL_NAMES)[number];

export interface PipeChannelInfo {
  title: string;
  /** What carries the messages, in a few words. */
  how: string;
  /** The Python multiprocessing API it mirrors. */
  python: string;
  /** What that API is, in a few words. */
  pythonNote: string;
}

export const PIPE_CHANNEL_INFO = {
  thread: {
    title: 'Thread pipe',
    how: 'a MessageChannel: one port here, the other transferred to a worker thread',
    python: 'multiprocessing.Pipe()',
    pythonNote: 'two Connection objects, send/recv, duplex',
  },
  process: {
    title: 'Process pipe',
    how: "a child process's IPC channel (child_process.fork, advanced serialization)",
    python: 'multiprocessing.Pipe()',
    pythonNote: 'between two processes: every send is pickled and written to an OS pipe',
  },
  queue: {
    title: 'Many-producer queue',
    how: 'N worker threads put into one queue the main thread gets from',
    python: 'multiprocessing.Queue',
    pythonNote: 'a pipe, a lock every put takes, a feeder thread per producer',
  },
} as const satisfies Record<PipeChannelName, PipeChannelInfo>;

/** One figure over the runs: each run's value, and their median, min and max. */
export interface LabPipeSpread {
  /** One value per timed run, in run order. */
  runs: number[];
  median: number;
  min: number;
  max: number;
}

/** What one channel measured (engine/lab/pipe.ts PipeChannelResult). */
export interface LabPipeChannel {
  name: PipeChannelName;
  /** Ends that write into it: 1 for a pipe, the worker threads for the queue. */
  producers: number;
  /**
   * A small message there and back, µs: each run's median over its pings. For the queue: from asking
   * every producer to put one small message to getting it (the merge of N puts included).
   */
  roundTripUs: LabPipeSpread;
  /** Every ping of every run: the 10th, 50th and 90th percentile, µs (the spread of single pings). */
  roundTripPercentilesUs: { p10: number; p50: number; p90: number };
  /** Pings timed in all. */
  pings: number;
  /** Queue only: a small message's put in a producer to its get here, µs (clocks comparable across threads); null for a pipe. */
  putToGetUs: LabPipeSpread | null;
  /** The photo's pixels, chunk after chunk, one way, MB/s (1 MB = 10^6 bytes): each run's figure. */
  mbPerSecond: LabPipeSpread;
  /** The whole payload's time, ms: from the first send to the last byte acknowledged (queue: got). */
  payloadMs: LabPipeSpread;
  /** Whether every chunk of every run arrived with the checksum of the bytes sent. */
  intact: boolean;
  /** Chunks whose checksum or length differed, over all runs (0 when intact). */
  corruptChunks: number;
}

/** The bytes sent: one decoded photo's RGBA pixels, cut in chunks of whole rows. */
export interface LabPipePayload {
  /** The photo's name (a path on the command line). */
  label: string;
  width: number;
  height: number;
  /** Pixel bytes in all (width x height x 4). */
  bytes: number;
  /** The chunk size asked for, bytes. */
  chunkBytesAsked: number;
  /** Rows in a chunk: as many whole rows as fit (at least one). */
  chunkRows: number;
  /** Bytes in a full chunk (chunkRows rows); the last may be shorter. */
  chunkBytes: number;
  chunks: number;
  /** How the bytes cross: copied (a structured clone), never transferred; transfer is not measured. */
  transport: 'copy';
}

/** The pipe experiment's report (engine/lab/pipe.ts PipeReport). */
export interface LabPipeReport {
  payload: LabPipePayload;
  /** The queue's producers. */
  workers: number;
  /** Timed runs of each channel, taking turns, after an untimed one. */
  runs: number;
  /** Small messages timed per run and channel. */
  pingsPerRun: number;
  channels: LabPipeChannel[];
  /** Why the process pipe was not measured (a host that can start no child process), or null: it was. */
  processSkipped: string | null;
  /** Every channel's bytes arrived intact in every run. */
  intact: boolean;
  /** The machine around the timed runs, as the benchmark judges it. */
  machine: LabMachine;
  /** The channels' figures whose runs varied more than the benchmark calls noisy. */
  noise: LabNoise;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Bytes in KB or MB, as the words give them ("256 KB", "16.4 MB"; 1 KB = 1024 bytes, 1 MB = 10^6). */
export function formatPipeBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** µs as the words give them: one decimal below 100, whole above. */
export function formatUs(us: number): string {
  return us < 100 ? us.toFixed(1) : Math.round(us).toString();
}

/** MB/s as the words give them. */
export function formatMbPerSecond(mb: number): string {
  return mb < 10 ? mb.toFixed(2) : mb < 100 ? mb.toFixed(1) : Math.round(mb).toString();
}

/** What the experiment did, in two sentences: the head of its result. */
export function pipeIntro(report: LabPipeReport): string[] {
  const p = report.payload;
  return [
    `Pipe: the pixels of ${p.label} (${p.width}x${p.height}, ${formatPipeBytes(p.bytes)}) cut in ${plural(p.chunks, 'chunk')} of ${plural(p.chunkRows, 'row')} (${formatPipeBytes(p.chunkBytes)}), sent one way through a pipe to a worker thread, ${report.processSkipped ? '' : 'a pipe to a child process, '}and by ${plural(report.workers, 'worker thread')} into one queue the main thread gets from; every chunk is copied, none transferred.`,
    `${plural(report.runs, 'run')} of each channel, taking turns, after an untimed one; each run also times ${report.pingsPerRun} small messages there and back, one at a time, and checks every chunk's checksum against the bytes sent.`,
  ];
}

function times(a: number, b: number): string {
  return b > 0 ? `${(a / b).toFixed(1)}x` : '-';
}

/** One finding per channel, then the lesson: each ties the numbers to the idea and names its Python API. */
export function pipeFindings(report: LabPipeReport): { channel: PipeChannelName | 'lesson'; text: string }[] {
  const by = new Map(report.channels.map((c) => [c.name, c]));
  const thread = by.get('thread');
  const intact = (c: LabPipeChannel) =>
    c.intact ? 'every byte intact' : `${plural(c.corruptChunks, 'chunk')} NOT intact`;
  const vsThread = (c: LabPipeChannel) =>
    thread && c !== thread
      ? ` (${times(c.roundTripUs.median, thread.roundTripUs.median)} the thread pipe's round trip, ${times(c.mbPerSecond.median, thread.mbPerSecond.median)} its throughput)`
      : '';
  const finding: Record<PipeChannelName, (c: LabPipeChannel) => string> = {
    thread: (c) =>
      `thread pipe: a MessageChannel has exactly two ends, one here and one in the worker; a small message went there and back in a median ${formatUs(c.roundTripUs.median)} µs and the photo crossed at ${formatMbPerSecond(c.mbPerSecond.median)} MB/s, a structured clone per chunk, ${intact(c)} (Python: ${PIPE_CHANNEL_INFO.thread.python}: ${PIPE_CHANNEL_INFO.thread.pythonNote}).`,
    process: (c) =>
      `process pipe: the same two ends across a process boundary, every message serialised and written to an OS pipe: ${formatUs(c.roundTripUs.median)} µs round trip and ${formatMbPerSecond(c.mbPerSecond.median)} MB/s${vsThread(c)}, ${intact(c)} (Python: ${PIPE_CHANNEL_INFO.process.python} ${PIPE_CHANNEL_INFO.process.pythonNote}).`,
    queue: (c) =>
      `queue: ${plural(c.producers, 'producer')} put into one queue with one consumer; a small message took ${formatUs(c.roundTripUs.median)} µs from asking to getting (put to get ${formatUs(c.putToGetUs?.median ?? 0)} µs) and the photo arrived at ${formatMbPerSecond(c.mbPerSecond.median)} MB/s${vsThread(c)}, ${intact(c)}. A MessagePort has one owner, so here the queue is N ports merged by its one consumer; Python's multiprocessing.Queue is one pipe that every put reaches through a lock and a feeder thread.`,
  };
  const found: { channel: PipeChannelName | 'lesson'; text: string }[] = report.channels.map((c) => ({
    channel: c.name,
    text: finding[c.name](c),
  }));
  const queue = by.get('queue');
  const merged =
    thread && queue && queue.mbPerSecond.median >= thread.mbPerSecond.median
      ? ` Here the merge cost no throughput: the one consumer kept up with ${plural(queue.producers, 'producer')}.`
      : '';
  if (report.processSkipped)
    found.push({ channel: 'process', text: `process pipe: not measured. ${report.processSkipped}` });
  found.push({
    channel: 'lesson',
    text: `A Pipe has exactly two ends and nothing to share between writers: it is the cheap channel between one producer and one consumer. A Queue takes any number of producers and pays for it: their messages are merged, one after another, into the one reader (in Python, through the lock every put takes).${merged}`,
  });
  return found;
}

/** startLab's request for the pipe: one photo (the first of imageIds), `workers` producers for the queue, `runs` rounds. */
export interface LabPipeRequest extends LabRequestBase {
  experiment: 'pipe';
  /** Worker threads that put into the queue (1..maxWorkers). */
  workers: number;
  /** Timed runs of each channel (1..maxRepeat). */
  runs: number;
}

/** The pipe's result: the engine's report and what it ran on. */
export interface LabPipeResult extends LabPipeReport, LabResultBase {
  experiment: 'pipe';
}
