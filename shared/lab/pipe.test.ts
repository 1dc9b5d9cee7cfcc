import { describe, expect, it } from 'vitest';
import { formatMbPerSecond, formatPipeBytes, formatUs, pipeFindings, pipeIntro } from './index';
import { pipeResult } from './pipe-fixture';

describe('the pipe words', () => {
  it('say what was sent, how it was cut and how often it was timed', () => {
    expect(pipeIntro(pipeResult)).toEqual([
      'Pipe: the pixels of cups.jpg (2560x1600, 16.4 MB) cut in 64 chunks of 25 rows (250 KB), sent one way through a pipe to a worker thread, a pipe to a child process, and by 2 worker threads into one queue the main thread gets from; every chunk is copied, none transferred.',
      "3 runs of each channel, taking turns, after an untimed one; each run also times 200 small messages there and back, one at a time, and checks every chunk's checksum against the bytes sent.",
    ]);
  });

  it('tie each channel to its Python API, with its ratios to the thread pipe', () => {
    const [thread, process, queue, lesson] = pipeFindings(pipeResult);
    expect(thread.text).toContain('a MessageChannel has exactly two ends');
    expect(thread.text).toContain('median 25.0 µs and the photo crossed at 3000 MB/s');
    expect(thread.text).toContain(
      '(Python: multiprocessing.Pipe(): two Connection objects, send/recv, duplex)',
    );
    expect(process.text).toContain(
      "110 µs round trip and 550 MB/s (4.4x the thread pipe's round trip, 0.2x its throughput)",
    );
    expect(queue.text).toContain('2 producers put into one queue with one consumer');
    expect(queue.text).toContain('(put to get 12.0 µs)');
    expect(queue.text).toContain("2000 MB/s (1.4x the thread pipe's round trip, 0.7x its throughput)");
    expect(queue.text).toContain('multiprocessing.Queue');
    expect(lesson).toMatchObject({ channel: 'lesson' });
    expect(lesson.text).toContain('A Pipe has exactly two ends');
    expect(lesson.text).not.toContain('the merge cost no throughput');
    for (const f of [thread, process, queue]) expect(f.text).toContain('every byte intact');
  });

  it('say when a channel lost bytes, and when the queue kept up with the pipe', () => {
    const [thread, , queue] = pipeResult.channels;
    const broken = {
      ...pipeResult,
      intact: false,
      channels: [{ ...thread, intact: false, corruptChunks: 2 }, queue].map((c) =>
        c.name === 'queue' ? { ...c, mbPerSecond: { ...c.mbPerSecond, median: 4000 } } : c,
      ),
    };
    const words = pipeFindings(broken).map((f) => f.text);
    expect(words[0]).toContain('2 chunks NOT intact');
    expect(words[2]).toContain(
      'Here the merge cost no throughput: the one consumer kept up with 2 producers.',
    );
  });

  it('say why the process pipe was not measured, where it was not', () => {
    const without = {
      ...pipeResult,
      processSkipped: 'Electron forks none.',
      channels: pipeResult.channels.filter((c) => c.name !== 'process'),
    };
    expect(pipeIntro(without)[0]).toContain('a pipe to a worker thread, and by 2 worker threads');
    expect(pipeFindings(without).map((f) => f.channel)).toEqual(['thread', 'queue', 'process', 'lesson']);
    expect(pipeFindings(without)[2].text).toBe('process pipe: not measured. Electron forks none.');
  });

  it('format bytes, µs and MB/s', () => {
    expect(formatPipeBytes(4)).toBe('4 bytes');
    expect(formatPipeBytes(256_000)).toBe('250 KB');
    expect(formatPipeBytes(16_384_000)).toBe('16.4 MB');
    expect(formatUs(27.61)).toBe('27.6');
    expect(formatUs(113.7)).toBe('114');
    expect([formatMbPerSecond(2.345), formatMbPerSecond(54.32), formatMbPerSecond(2948.4)]).toEqual([
      '2.35',
      '54.3',
      '2948',
    ]);
  });
});
