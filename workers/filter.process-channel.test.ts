/**
 * The filter process's one adapter over its two channels: fork's process.send / process.on('message'),
 * and Electron's process.parentPort. Driven with fakes of both; engine/pool/process-pool.test.ts runs
 * the built process under fork, electron/main/utility-slot.test.ts over a parentPort.
 */
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { messageOf } from '../shared/errors';
import {
  type ParentPortLike,
  type ProcessAnswer,
  type ProcessApi,
  type ProcessLike,
  parentChannel,
  serveCalls,
} from './filter.process-channel';

const api: ProcessApi = {
  runStrip: (task: unknown) => ({ echoed: task }),
  runWhole: () => {
    throw new Error('no whole images here');
  },
  forgetBuffers: () => Promise.resolve(3),
  pipeMessage: (message: unknown) => ({ piped: message }),
};

/** A process started by fork: send() and 'message'/'disconnect' events. */
function forkedProcess() {
  const events = new EventEmitter();
  const sent: unknown[] = [];
  const exits: number[] = [];
  const proc: ProcessLike = {
    send: (message) => sent.push(message) > 0,
    on: (event: string, listener: (...args: never[]) => void) =>
      events.on(event, listener as (...args: unknown[]) => void),
    exit: ((code?: number) => {
      exits.push(code ?? 0);
    }) as ProcessLike['exit'],
  };
  return { proc, events, sent, exits };
}

/** A utility process: process.parentPort, whose 'message' events carry the call in `data`. */
function utilityProcess() {
  const port = new EventEmitter();
  const posted: unknown[] = [];
  const parentPort: ParentPortLike = {
    on: (event, listener) => port.on(event, listener),
    postMessage: (message) => posted.push(structuredClone(message)),
  };
  const proc: ProcessLike = {
    parentPort,
    on: () => {
      throw new Error('a utility process listens on its parentPort, not on process');
    },
    exit: (() => undefined) as ProcessLike['exit'],
  };
  return { proc, port, posted };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('the filter process channel', () => {
  it('under fork: says ready, answers each call under its id, in the turn it arrives', async () => {
    const { proc, events, sent } = forkedProcess();
    const channel = parentChannel(proc);
    expect(channel.kind).toBe('fork');
    serveCalls(channel, api, messageOf);
    expect(sent).toEqual([{ ready: true }]);
    events.emit('message', { id: 1, method: 'runStrip', args: [{ rows: new Uint8Array([1, 2]) }] });
    // Synchronous: the answer is out before the next call can reuse its buffers.
    expect(sent[1]).toEqual({ id: 1, ok: true, result: { echoed: { rows: new Uint8Array([1, 2]) } } });
    events.emit('message', { id: 2, method: 'runWhole', args: [] });
    expect(sent[2]).toMatchObject({ id: 2, ok: false, error: { message: 'no whole images here' } });
    events.emit('message', { id: 3, method: 'forgetBuffers', args: [[]] });
    await flush();
    expect(sent[3]).toEqual({ id: 3, ok: true, result: 3 });
  });

  it('under fork: exits when the channel to the parent closes', () => {
    const { proc, events, exits } = forkedProcess();
    serveCalls(parentChannel(proc), api, messageOf);
    events.emit('disconnect');
    expect(exits).toEqual([0]);
  });

  it('under utilityProcess: serves the same calls over process.parentPort, typed arrays intact', async () => {
    const { proc, port, posted } = utilityProcess();
    const channel = parentChannel(proc);
    expect(channel.kind).toBe('utilityProcess');
    serveCalls(channel, api, messageOf);
    expect(posted).toEqual([{ ready: true }]);
    const rows = new Uint8Array([9, 8, 7]);
    port.emit('message', { data: { id: 7, method: 'runStrip', args: [{ rows }] }, ports: [] });
    const answer = posted[1] as Extract<ProcessAnswer, { ok: true }>;
    expect(answer).toEqual({ id: 7, ok: true, result: { echoed: { rows } } });
    expect((answer.result as { echoed: { rows: unknown } }).echoed.rows).toBeInstanceOf(Uint8Array);
    port.emit('message', { data: { id: 8, method: 'histogram', args: [] }, ports: [] });
    expect(posted[2]).toMatchObject({
      id: 8,
      ok: false,
      error: { message: expect.stringMatching(/no method "histogram"/) },
    });
  });

  it('refuses to start without either channel, saying how to start it', () => {
    const { proc } = forkedProcess();
    expect(() => parentChannel({ ...proc, send: undefined })).toThrow(
      /no channel to its pool: start it with child_process.fork or utilityProcess.fork/,
    );
  });
});
