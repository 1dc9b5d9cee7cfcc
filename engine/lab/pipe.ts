/**
 * The lab's `pipe` experiment: a channel with exactly two ends against a queue with many producers, on
 * one photo's pixels. Three channels, each timed the same way:
 *
 * - thread pipe: a MessageChannel; one port stays here, the other is transferred to a worker thread
 *   (Python's `multiprocessing.Pipe()`: two Connection objects, send/recv, duplex);
 * - process pipe: a child process's IPC channel (`child_process.fork` of the built filter process with
 *   advanced serialization, as engine/pool/process-slot.ts starts it): an OS pipe, every message serialised;
 * - queue: N worker threads put into one queue the main thread gets from (`multiprocessing.Queue`). A
 *   MessagePort has one owner, so N producers cannot share one: the queue is N ports merged, in arrival
 *   order, into the one inbox of its one consumer, which is where the merge is paid.
 *
 * For each: the round trip of a small message (one at a time, many of them), and the photo's pixels cut in
 * chunks of whole rows sent one way as fast as the channel takes them, until the last byte is
 * acknowledged (pipes) or got (queue): MB/s. The chunks are copied (a structured clone, or V8's serializer
 * over the pipe), never transferred. After each timed run the receiving end says every chunk's length and
 * checksum, compared with the bytes sent: whether the bytes arrived intact is counted, not assumed.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { Transfer } from 'threads';
import { checkWholeNumber } from '../../shared/errors';
import {
  type LabPipeChannel,
  type LabPipePayload,
  type LabPipeReport,
  type LabPipeSpread,
  PIPE_CHANNEL_INFO,
  PIPE_CHANNEL_NAMES,
  type PipeChannelName,
} from '../../shared/lab';
import { type ChunkPrint, type PipeEndMessage, type PipeEndReply, printOf } from '../../workers/lab/pipe-end';
import { median, quantileOfSorted } from '../benchmark/statistics';
import { ProcessSlot } from '../pool/process-slot';
import type { SlotSpawner } from '../pool/worker-slot';
import type { RawImage } from '../types';
import { type LabWorkers, withLabWorkers } from './lab-workers';
import { spreadOf as labSpreadOf, noiseOf, withMachineCheck } from './machine';

/** The report's shapes are declared once, in shared/lab/pipe.ts, for the CLI and the app alike. */
export type PipeChannelResult = LabPipeChannel;
export type PipeReport = LabPipeReport;

/** A chunk of about this many bytes, in whole rows: the size of a strip the pool sends a worker. */
export const DEFAULT_CHUNK_BYTES = 256 * 1024;
export const DEFAULT_PINGS = 200;

export interface PipeOptions {
  /** The queue's producers (worker threads). */
  workers: number;
  /** Timed runs of each channel (default 5); the channels take turns, run after run. */
  runs?: number;
  /** Small messages timed per run and channel (default 200). */
  pings?: number;
  /** The chunk size asked for, bytes (default 256 KB); a chunk holds as many whole rows as fit, at least one. */
  chunkBytes?: number;
  /** The photo's name in the report. */
  label?: string;
  /** Called after each round (every channel once), with the rounds done and the rounds in all. */
  onRound?: (done: number, total: number) => void;
  /**
   * Why the process pipe cannot be measured here (a host that can start no child process), or left out:
   * it is measured. The report then has the other two channels and says why.
   */
  withoutProcess?: string;
  /** Time a calibration loop before and after the timed runs, to tell a busy machine (default true). */
  checkMachine?: boolean;
  /** How the child process is started (the desktop app's utilityProcess); left out, child_process.fork. */
  processSpawner?: SlotSpawner;
  /** Stops the experiment between two steps: runPipe then rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** The photo's pixels cut in chunks of whole rows, each in a buffer of its own (a view would clone the whole photo). */
export function cutInChunks(
  image: RawImage,
  chunkBytesAsked: number,
): { chunks: Uint8Array[]; chunkRows: number; rowBytes: number } {
  const rowBytes = image.data.byteLength / image.height;
  const chunkRows = Math.min(image.height, Math.max(1, Math.floor(chunkBytesAsked / rowBytes)));
  const chunks: Uint8Array[] = [];
  for (let row = 0; row < image.height; row += chunkRows) {
    chunks.push(image.data.slice(row * rowBytes, Math.min(image.height, row + chunkRows) * rowBytes));
  }
  return { chunks, chunkRows, rowBytes };
}

/**
 * The chunks that did not arrive as sent: missing, extra, or of another length or checksum than the
 * chunk of that number. 0 means every byte arrived intact.
 */
export function corruptChunks(sent: readonly ChunkPrint[], got: Iterable<[number, ChunkPrint]>): number {
  let corrupt = 0;
  const seen = new Set<number>();
  for (const [seq, print] of got) {
    const expected = sent[seq];
    if (
      !expected ||
      seen.has(seq) ||
      expected.bytes !== print.bytes ||
      expected.checksum !== print.checksum
    ) {
      corrupt++;
    }
    seen.add(seq);
  }
  for (let seq = 0; seq < sent.length; seq++) if (!seen.has(seq)) corrupt++;
  return corrupt;
}

export function spreadOf(values: readonly number[]): LabPipeSpread {
  return { runs: [...values], median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Replies as they arrive, taken in order: the one inbox of a channel's receiving side. */
class Inbox {
  private readonly replies: PipeEndReply[] = [];
  private waiting: { resolve(reply: PipeEndReply): void; reject(error: Error): void } | undefined;
  private failure: Error | undefined;

  push(reply: PipeEndReply): void {
    const waiter = this.waiting;
    if (waiter) {
      this.waiting = undefined;
      waiter.resolve(reply);
    } else this.replies.push(reply);
  }

  fail(error: Error): void {
    this.failure ??= error;
    this.waiting?.reject(error);
    this.waiting = undefined;
  }

  next(): Promise<PipeEndReply> {
    const reply = this.replies.shift();
    if (reply) return Promise.resolve(reply);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** The next reply, which must be of `type`. */
  async take<T extends PipeEndReply['type']>(type: T): Promise<Extract<PipeEndReply, { type: T }>> {
    const reply = await this.next();
    if (reply.type !== type) throw new Error(`pipe: expected a ${type}, got a ${reply.type}`);
    return reply as Extract<PipeEndReply, { type: T }>;
  }
}

/** This side of a pipe: messages go out on `send`, replies come back into `inbox`. */
interface PipeSide {
  send(message: PipeEndMessage): void;
  inbox: Inbox;
}

const nowUs = () => performance.now() * 1000;

/** Round trips of `pings` small messages, one at a time, µs. */
async function pingPipe(side: PipeSide, pings: number): Promise<number[]> {
  const trips: number[] = [];
  for (let seq = 0; seq < pings; seq++) {
    const start = nowUs();
    side.send({ type: 'ping', seq });
    const pong = await side.inbox.take('pong');
    trips.push(nowUs() - start);
    if (pong.seq !== seq) throw new Error(`pipe: pong ${pong.seq} for ping ${seq}`);
  }
  return trips;
}

/** Every chunk sent at once, one way; the time until the last is acknowledged, then what arrived. */
async function streamPipe(
  side: PipeSide,
  chunks: readonly Uint8Array[],
  sent: readonly ChunkPrint[],
): Promise<{ ms: number; corrupt: number }> {
  const start = performance.now();
  for (const [seq, data] of chunks.entries()) side.send({ type: 'chunk', seq, data });
  for (let k = 0; k < chunks.length; k++) await side.inbox.take('ack');
  const ms = performance.now() - start;
  side.send({ type: 'verify' });
  const { prints } = await side.inbox.take('verified');
  return { ms, corrupt: corruptChunks(sent, prints) };
}

interface RunFigures {
  trips: number[];
  putToGet?: number[];
  ms: number;
  corrupt: number;
}

async function runOnPipe(
  side: PipeSide,
  chunks: readonly Uint8Array[],
  sent: readonly ChunkPrint[],
  pings: number,
): Promise<RunFigures> {
  const trips = await pingPipe(side, pings);
  return { trips, ...(await streamPipe(side, chunks, sent)) };
}

/** The queue's producers, each on its own port, merged into one inbox here. */
interface QueueSides {
  producers: ((message: PipeEndMessage) => void)[];
  inbox: Inbox;
}

async function runOnQueue(
  queue: QueueSides,
  chunks: number,
  sent: readonly ChunkPrint[],
  pings: number,
): Promise<RunFigures> {
  const n = queue.producers.length;
  const trips: number[] = [];
  const putToGet: number[] = [];
  // Small messages: every producer asked at once to put one; each is timed from the asking to its get.
  for (let round = 0, seq = 0; round < Math.ceil(pings / n); round++) {
    const start = nowUs();
    for (const put of queue.producers) put({ type: 'put-small', seq: seq++ });
    for (let k = 0; k < n; k++) {
      const item = await queue.inbox.take('item');
      trips.push(nowUs() - start);
      putToGet.push((performance.timeOrigin + performance.now() - item.putAt) * 1000);
    }
  }
  const start = performance.now();
  for (const put of queue.producers) put({ type: 'put-all' });
  const got: { seq: number; data: Uint8Array }[] = [];
  for (let k = 0; k < chunks; k++) {
    const item = await queue.inbox.take('item');
    got.push({ seq: item.seq, data: item.data ?? new Uint8Array(0) });
  }
  const ms = performance.now() - start;
  const corrupt = corruptChunks(
    sent,
    got.map(({ seq, data }) => [seq, printOf(data)]),
  );
  return { trips, putToGet, ms, corrupt };
}

/** A thread's end of a MessageChannel, served by a worker (workers/lab/pipe-end.ts). */
async function threadSide(workers: LabWorkers, slot: number): Promise<{ side: PipeSide; close(): void }> {
  const { port1, port2 } = new MessageChannel();
  const inbox = new Inbox();
  port1.on('message', (reply: PipeEndReply) => inbox.push(reply));
  // threads.js's typings do not model a TransferDescriptor wrapping a whole argument.
  await workers.alive(
    workers.slots[slot].thread.pipeEnd(
      Transfer({ port: port2 }, [port2]) as unknown as { port: MessagePort },
    ),
  );
  return {
    side: { send: (message) => port1.postMessage(message), inbox },
    close: () => port1.close(),
  };
}

/**
 * A child process served over its IPC channel (workers/filter.process.ts): one reply per message, in
 * order. Started as the process pool starts its workers (ProcessSlot), the one fork in the app.
 */
async function processSide(
  spawn: SlotSpawner = ProcessSlot.spawn,
): Promise<{ side: PipeSide; slot: ProcessSlot }> {
  const inbox = new Inbox();
  const slot = await spawn(0, { faultInjection: false }, (_slot, death) =>
    inbox.fail(new Error(`pipe: the child process died (${death.message})`)),
  );
  // Every spawner of child processes builds ProcessSlots (ProcessSlot.spawnerFor), whatever starts them.
  if (!(slot instanceof ProcessSlot)) {
    await slot.kill();
    throw new Error('pipe: the process spawner did not start a filter process');
  }
  const side: PipeSide = {
    // The child answers each call in the turn it arrives, so the replies resolve in the order sent.
    send: (message) => {
      slot.pipeMessage(message).then(
        (reply) => inbox.push(reply),
        (error: Error) => inbox.fail(error),
      );
    },
    inbox,
  };
  return { side, slot };
}

function channelResult(name: PipeChannelName, producers: number, runs: readonly RunFigures[], bytes: number) {
  const allTrips = runs.flatMap((r) => r.trips).sort((a, b) => a - b);
  const putToGet = runs.every((r) => r.putToGet) ? runs.map((r) => median(r.putToGet ?? [])) : null;
  const corrupt = runs.reduce((sum, r) => sum + r.corrupt, 0);
  return {
    name,
    producers,
    roundTripUs: spreadOf(runs.map((r) => median(r.trips))),
    roundTripPercentilesUs: {
      p10: quantileOfSorted(allTrips, 0.1),
      p50: quantileOfSorted(allTrips, 0.5),
      p90: quantileOfSorted(allTrips, 0.9),
    },
    pings: allTrips.length,
    putToGetUs: putToGet ? spreadOf(putToGet) : null,
    mbPerSecond: spreadOf(runs.map((r) => bytes / 1e6 / (r.ms / 1000))),
    payloadMs: spreadOf(runs.map((r) => r.ms)),
    intact: corrupt === 0,
    corruptChunks: corrupt,
  } satisfies PipeChannelResult;
}

export async function runPipe(image: RawImage, options: PipeOptions): Promise<PipeReport> {
  const { workers } = options;
  const runs = options.runs ?? 5;
  const pings = options.pings ?? DEFAULT_PINGS;
  const chunkBytesAsked = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  checkWholeNumber('workers', workers, 1);
  checkWholeNumber('runs', runs, 1);
  checkWholeNumber('pings', pings, 1);
  checkWholeNumber('chunk bytes', chunkBytesAsked, 1);
  const { signal } = options;
  signal?.throwIfAborted();
  const { chunks, chunkRows, rowBytes } = cutInChunks(image, chunkBytesAsked);
  const sent = chunks.map(printOf);
  const bytes = image.data.byteLength;
  const payload: LabPipePayload = {
    label: options.label ?? 'the photo',
    width: image.width,
    height: image.height,
    bytes,
    chunkBytesAsked,
    chunkRows,
    chunkBytes: chunkRows * rowBytes,
    chunks: chunks.length,
    transport: 'copy',
  };
  const names = PIPE_CHANNEL_NAMES.filter((name) => name !== 'process' || !options.withoutProcess);
  return withLabWorkers('pipe', workers, async (lab) => {
    const ports: MessagePort[] = [];
    let thread: { side: PipeSide; close(): void } | undefined;
    let child: { side: PipeSide; slot: ProcessSlot } | undefined;
    try {
      thread = await threadSide(lab, 0);
      if (names.includes('process')) child = await processSide(options.processSpawner);
      // The queue's producers: every worker, each with a port of its own into the one inbox here.
      const inbox = new Inbox();
      for (const slot of lab.slots) {
        const { port1, port2 } = new MessageChannel();
        port1.on('message', (reply: PipeEndReply) => inbox.push(reply));
        ports.push(port1);
        await lab.alive(
          slot.thread.pipeEnd(Transfer({ port: port2 }, [port2]) as unknown as { port: MessagePort }),
        );
      }
      const queue: QueueSides = {
        producers: ports.map((port) => (m: PipeEndMessage) => port.postMessage(m)),
        inbox,
      };
      // Producer k holds chunks k, k + N, …: with more producers than chunks some hold none.
      for (const [k, port] of ports.entries()) {
        const mine = chunks.flatMap((data, seq) => (seq % workers === k ? [{ seq, data }] : []));
        port.postMessage({ type: 'load', chunks: mine } satisfies PipeEndMessage);
      }
      for (let k = 0; k < workers; k++) await lab.alive(inbox.take('loaded'));
      const timed: Record<PipeChannelName, RunFigures[]> = { thread: [], process: [], queue: [] };
      const pipes = { thread: thread.side, process: child?.side };
      const step = async (name: PipeChannelName): Promise<RunFigures> => {
        signal?.throwIfAborted();
        if (name === 'queue') return lab.alive(runOnQueue(queue, chunks.length, sent, pings));
        const side = pipes[name];
        if (!side) throw new Error(`pipe: no ${name} pipe`);
        return lab.alive(runOnPipe(side, chunks, sent, pings));
      };
      // An untimed run of each first: the code on both sides is compiled before anything is timed.
      for (const name of names) await step(name);
      const { machine } = await withMachineCheck(
        options.checkMachine ?? true,
        async () => {
          for (let round = 0; round < runs; round++) {
            for (const name of names) timed[name].push(await step(name));
            options.onRound?.(round + 1, runs);
          }
        },
        signal,
      );
      signal?.throwIfAborted();
      const channels = names.map((name) =>
        channelResult(name, name === 'queue' ? workers : 1, timed[name], bytes),
      );
      return {
        payload,
        workers,
        runs,
        pingsPerRun: pings,
        channels,
        processSkipped: options.withoutProcess ?? null,
        intact: channels.every((c) => c.intact),
        machine,
        noise: noiseOf(
          names.flatMap((name) => [
            labSpreadOf(
              `${PIPE_CHANNEL_INFO[name].title}: round trip`,
              timed[name].map((r) => median(r.trips)),
            ),
            labSpreadOf(
              `${PIPE_CHANNEL_INFO[name].title}: throughput`,
              timed[name].map((r) => bytes / r.ms),
            ),
          ]),
        ),
      };
    } finally {
      thread?.close();
      for (const port of ports) port.close();
      await child?.slot.kill();
    }
  });
}
