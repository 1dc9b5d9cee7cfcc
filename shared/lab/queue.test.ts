import { describe, expect, it } from 'vitest';
import { capacityText, queueFindings, queueIntro } from './queue';
import { QUEUE_RESULT } from './test-reports';

describe('the queue experiment in words', () => {
  it('says what ran', () => {
    expect(queueIntro(QUEUE_RESULT, 'median:radius=4')[0]).toBe(
      'Queues: 4 photos (16.4 MP in all), decoded by sharp, filtered with median:radius=4 on 2 workers, encoded to JPEG in memory (nothing written);',
    );
  });

  it('ties memory to the capacity, throughput to the slowest stage, and the end to the sentinel', () => {
    const [memory, throughput, sentinel] = queueFindings(QUEUE_RESULT).map((f) => f.text);
    expect(memory).toMatch(
      /^Capacity 1 held at most 3 photos \(63 MB\) at once, unbounded 4 \(78 MB\), every photo there was/,
    );
    expect(memory).toContain('queue.Queue(maxsize) and multiprocessing.Queue(maxsize)');
    expect(memory).toContain('with maxsize=0, unbounded, nothing holds it back');
    // 17.2 / 16.6 < 1.1
    expect(throughput).toMatch(/^Throughput hardly moved \(16\.6 to 17\.2 MP\/s, one run each\)/);
    expect(sentinel).toMatch(/^Every run ended with the DONE sentinel/);
  });

  it('names the runs that did not end on the sentinel, and a capacity of 0 as unbounded', () => {
    const broken = {
      ...QUEUE_RESULT,
      capacities: QUEUE_RESULT.capacities.map((c) => ({ ...c, endedWithSentinel: c.capacity !== 0 })),
    };
    expect(queueFindings(broken)[2].text).toBe(
      'The runs at capacity unbounded did not end with the DONE sentinel.',
    );
    expect([capacityText(0), capacityText(4)]).toEqual(['unbounded', '4']);
  });
});
