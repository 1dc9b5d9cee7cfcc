import { describe, expect, it } from 'vitest';
import { PIPE_CHANNEL_NAMES } from '../../shared/lab';
import { checksum, PipeEnd, type PipeEndReply, printOf } from '../../workers/lab/pipe-end';
import { photoLikePixels } from '../images/test-fixtures';
import { corruptChunks, cutInChunks, runPipe } from './pipe';

function rgba(width: number, height: number) {
  return { data: new Uint8Array(photoLikePixels(width, height, 4)), width, height };
}

/** FNV-1a by its definition, on numbers as big as they get (an independent reference). */
function fnv1aReference(bytes: Uint8Array): number {
  let hash = 2166136261n;
  for (const b of bytes) hash = ((hash ^ BigInt(b)) * 16777619n) % 2n ** 32n;
  return Number(hash);
}

describe('checksum', () => {
  it('is FNV-1a: the published values, and the definition on photo bytes', () => {
    expect(checksum(new Uint8Array(0))).toBe(0x811c9dc5);
    expect(checksum(new TextEncoder().encode('a'))).toBe(0xe40c292c);
    expect(checksum(new TextEncoder().encode('foobar'))).toBe(0xbf9cf968);
    const bytes = rgba(13, 7).data;
    expect(checksum(bytes)).toBe(fnv1aReference(bytes));
  });

  it('changes when any one byte of a chunk does', () => {
    const bytes = rgba(9, 5).data;
    const sum = checksum(bytes);
    for (let i = 0; i < bytes.length; i++) {
      const bad = bytes.slice();
      bad[i] ^= 1 << (i % 8);
      expect(checksum(bad), `byte ${i}`).not.toBe(sum);
    }
  });
});

describe('cutInChunks and corruptChunks', () => {
  it('cuts whole rows, each chunk a buffer of its own, the last shorter', () => {
    const image = rgba(10, 7); // 40-byte rows
    const { chunks, chunkRows, rowBytes } = cutInChunks(image, 100);
    expect({ chunkRows, rowBytes }).toEqual({ chunkRows: 2, rowBytes: 40 });
    expect(chunks.map((c) => c.byteLength)).toEqual([80, 80, 80, 40]);
    for (const c of chunks) expect(c.buffer.byteLength).toBe(c.byteLength);
    const joined = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let at = 0;
    for (const c of chunks) {
      joined.set(c, at);
      at += c.byteLength;
    }
    expect(joined).toEqual(image.data);
  });

  it('takes one row when a row is larger than the chunk asked for, and the whole image when it is smaller', () => {
    expect(cutInChunks(rgba(10, 3), 8).chunks.map((c) => c.byteLength)).toEqual([40, 40, 40]);
    const tiny = cutInChunks(rgba(1, 1), 256 * 1024);
    expect(tiny.chunkRows).toBe(1);
    expect(tiny.chunks.map((c) => c.byteLength)).toEqual([4]);
  });

  it('counts a chunk with one byte changed, a missing, a repeated and a shortened chunk', () => {
    const { chunks } = cutInChunks(rgba(16, 12), 128);
    const sent = chunks.map(printOf);
    const intact = chunks.map((c, seq): [number, ReturnType<typeof printOf>] => [seq, printOf(c)]);
    expect(corruptChunks(sent, intact)).toBe(0);
    // Arrival order does not matter: the chunk numbers say which is which.
    expect(corruptChunks(sent, [...intact].reverse())).toBe(0);
    const flipped = chunks[2].slice();
    flipped[17] ^= 0x80;
    const withFlip = intact.map(([seq, p]): [number, typeof p] => [seq, seq === 2 ? printOf(flipped) : p]);
    expect(corruptChunks(sent, withFlip)).toBe(1);
    expect(corruptChunks(sent, intact.slice(1))).toBe(1);
    expect(corruptChunks(sent, [...intact, intact[0]])).toBe(1);
    const short = intact.map(([seq, p]): [number, typeof p] => [
      seq,
      seq === 0 ? printOf(chunks[0].subarray(1)) : p,
    ]);
    expect(corruptChunks(sent, short)).toBe(1);
    // Two chunks swapped under each other's numbers: both wrong.
    const swapped = intact.map(([seq, p]): [number, typeof p] => [
      seq,
      intact[seq === 0 ? 1 : seq === 1 ? 0 : seq][1],
    ]);
    expect(corruptChunks(sent, swapped)).toBe(2);
  });
});

describe('PipeEnd', () => {
  it('answers a ping, acknowledges and keeps chunks, and says their prints once', () => {
    const end = new PipeEnd();
    const replies: PipeEndReply[] = [];
    const send = (r: PipeEndReply) => replies.push(r);
    end.handle({ type: 'ping', seq: 4 }, send);
    end.handle({ type: 'chunk', seq: 0, data: new Uint8Array([1, 2, 3]) }, send);
    end.handle({ type: 'verify' }, send);
    end.handle({ type: 'verify' }, send);
    expect(replies).toEqual([
      { type: 'pong', seq: 4 },
      { type: 'ack', seq: 0, bytes: 3 },
      { type: 'verified', prints: [[0, printOf(new Uint8Array([1, 2, 3]))]] },
      { type: 'verified', prints: [] },
    ]);
  });
});

describe('runPipe', () => {
  it('measures the three channels and finds every byte of a photo intact', async () => {
    const image = rgba(64, 50); // 256-byte rows, 12 800 bytes
    const rounds: number[] = [];
    const report = await runPipe(image, {
      workers: 2,
      runs: 2,
      pings: 5,
      chunkBytes: 1000,
      label: 'test.png',
      onRound: (done) => rounds.push(done),
    });
    expect(rounds).toEqual([1, 2]);
    expect(report.payload).toEqual({
      label: 'test.png',
      width: 64,
      height: 50,
      bytes: 12_800,
      chunkBytesAsked: 1000,
      chunkRows: 3,
      chunkBytes: 768,
      chunks: 17,
      transport: 'copy',
    });
    expect(report).toMatchObject({ workers: 2, runs: 2, pingsPerRun: 5, intact: true, processSkipped: null });
    expect(report.machine.cores).toBeGreaterThan(0);
    // Only figures of the channels measured, each over its 2 runs, and only those above the threshold.
    for (const s of report.noise.noisy) {
      expect(s.figure).toMatch(/^(Thread pipe|Process pipe|Many-producer queue): (round trip|throughput)$/);
      expect(s.runs).toBe(2);
      expect(s.cv).toBeGreaterThan(report.noise.noisyAbove);
    }
    expect(report.channels.map((c) => c.name)).toEqual([...PIPE_CHANNEL_NAMES]);
    for (const c of report.channels) {
      expect(c).toMatchObject({ intact: true, corruptChunks: 0 });
      expect(c.producers).toBe(c.name === 'queue' ? 2 : 1);
      expect(c.mbPerSecond.runs).toHaveLength(2);
      expect(c.roundTripUs.runs).toHaveLength(2);
      expect(c.mbPerSecond.min).toBeLessThanOrEqual(c.mbPerSecond.median);
      expect(c.mbPerSecond.median).toBeLessThanOrEqual(c.mbPerSecond.max);
      expect(c.roundTripPercentilesUs.p10).toBeLessThanOrEqual(c.roundTripPercentilesUs.p90);
      expect(c.roundTripUs.median).toBeGreaterThan(0);
      // Throughput is the payload over its time, run by run.
      c.payloadMs.runs.forEach((ms, k) => {
        expect(c.mbPerSecond.runs[k]).toBeCloseTo(12_800 / 1e6 / (ms / 1000), 6);
      });
      expect(c.putToGetUs === null).toBe(c.name !== 'queue');
    }
    // The queue's small messages: every producer puts one per round (5 pings over 2 producers: 3 rounds).
    expect(report.channels[2].pings).toBe(2 * 3 * 2);
    expect(report.channels[0].pings).toBe(10);
  });

  it('sends a 1x1 photo as one 4-byte chunk, with more producers than chunks', async () => {
    const report = await runPipe(rgba(1, 1), { workers: 3, runs: 1, pings: 2 });
    expect(report.payload).toMatchObject({ bytes: 4, chunks: 1, chunkRows: 1, chunkBytes: 4 });
    expect(report.intact).toBe(true);
    expect(report.channels.find((c) => c.name === 'queue')?.producers).toBe(3);
  });

  it('measures the thread pipe and the queue alone when told the process pipe cannot run, and says why', async () => {
    const report = await runPipe(rgba(8, 8), {
      workers: 1,
      runs: 1,
      pings: 2,
      withoutProcess: 'no forks here',
    });
    expect(report.channels.map((c) => c.name)).toEqual(['thread', 'queue']);
    expect(report).toMatchObject({ processSkipped: 'no forks here', intact: true });
  });

  it('stops when its signal is aborted, and refuses bad counts', async () => {
    const controller = new AbortController();
    const running = runPipe(rgba(32, 32), {
      workers: 1,
      runs: 100,
      pings: 20,
      signal: controller.signal,
      onRound: (done) => {
        if (done === 1) controller.abort(new Error('stop'));
      },
    });
    await expect(running).rejects.toThrow('stop');
    const aborted = AbortSignal.abort(new Error('before'));
    await expect(runPipe(rgba(2, 2), { workers: 1, signal: aborted })).rejects.toThrow('before');
    await expect(runPipe(rgba(2, 2), { workers: 0 })).rejects.toThrow(/workers/);
    await expect(runPipe(rgba(2, 2), { workers: 1, runs: 0 })).rejects.toThrow(/runs/);
  });
});
