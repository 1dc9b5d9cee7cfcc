/**
 * The far end of the pipe experiment (engine/lab/pipe.ts), the same for a worker thread (served on a
 * transferred MessagePort) and a child process (served over its IPC channel, one reply per call): it
 * answers pings, acknowledges and keeps the chunks it is sent, and, asked, says each kept chunk's
 * checksum, so the sender can tell the bytes arrived intact. As a queue's producer it puts the chunks it
 * was loaded with, or one small stamped message, into its port when told to. Pure, but for the port.
 */
import type { MessagePort } from 'node:worker_threads';

/** FNV-1a, 32 bits, over `bytes`: a change of any one byte always changes it (each step is a bijection). */
export function checksum(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash >>> 0;
}

/** A chunk's fingerprint: its length and checksum. */
export interface ChunkPrint {
  bytes: number;
  checksum: number;
}

export function printOf(bytes: Uint8Array): ChunkPrint {
  return { bytes: bytes.byteLength, checksum: checksum(bytes) };
}

/** What the main thread sends to a pipe end. */
export type PipeEndMessage =
  | { type: 'ping'; seq: number }
  /** A chunk of the payload: kept, and acknowledged with its length. */
  | { type: 'chunk'; seq: number; data: Uint8Array }
  /** The prints of the chunks kept since the last verify, by seq; they are let go. */
  | { type: 'verify' }
  /** Producer: keep these chunks to put later (untimed). */
  | { type: 'load'; chunks: { seq: number; data: Uint8Array }[] }
  /** Producer: put every loaded chunk, in order. */
  | { type: 'put-all' }
  /** Producer: put one small message, stamped. */
  | { type: 'put-small'; seq: number };

/** What a pipe end sends back (or, as a producer, puts). */
export type PipeEndReply =
  | { type: 'pong'; seq: number }
  | { type: 'ack'; seq: number; bytes: number }
  | { type: 'verified'; prints: [number, ChunkPrint][] }
  | { type: 'loaded'; chunks: number }
  /** A producer's put: `putAt` is performance.timeOrigin + performance.now(), comparable across threads. */
  | { type: 'item'; seq: number; data?: Uint8Array; putAt: number };

/** One pipe end's state: the chunks received, and as a producer the chunks to put. */
export class PipeEnd {
  private kept = new Map<number, Uint8Array>();
  private loaded: { seq: number; data: Uint8Array }[] = [];

  /** Handles one message; `send` carries each reply (a producer's put-all sends many). */
  handle(message: PipeEndMessage, send: (reply: PipeEndReply) => void): void {
    switch (message.type) {
      case 'ping':
        send({ type: 'pong', seq: message.seq });
        return;
      case 'chunk':
        this.kept.set(message.seq, message.data);
        send({ type: 'ack', seq: message.seq, bytes: message.data.byteLength });
        return;
      case 'verify': {
        const prints: [number, ChunkPrint][] = [...this.kept].map(([seq, data]) => [seq, printOf(data)]);
        this.kept.clear();
        send({ type: 'verified', prints });
        return;
      }
      case 'load':
        this.loaded = message.chunks;
        send({ type: 'loaded', chunks: message.chunks.length });
        return;
      case 'put-all':
        for (const { seq, data } of this.loaded) {
          send({ type: 'item', seq, data, putAt: performance.timeOrigin + performance.now() });
        }
        return;
      case 'put-small':
        send({ type: 'item', seq: message.seq, putAt: performance.timeOrigin + performance.now() });
        return;
    }
  }
}

/** Serves a PipeEnd on `port` (a worker thread's end of a MessageChannel) until the port closes. */
export function servePipeEnd(port: MessagePort): void {
  const end = new PipeEnd();
  port.on('message', (message: PipeEndMessage) => end.handle(message, (r) => port.postMessage(r)));
}

/** The child process's one pipe end: each call gets exactly one reply (the IPC protocol's answer). */
const processEnd = new PipeEnd();
export function pipeCall(message: PipeEndMessage): PipeEndReply {
  let reply: PipeEndReply | undefined;
  processEnd.handle(message, (r) => {
    reply = r;
  });
  if (!reply) throw new Error(`the pipe end has no single reply to ${message.type}`);
  return reply;
}
