import { describe, expect, it } from 'vitest';
import { padIndex, withSuffix } from './naming';
import { BoundedQueue, DONE } from './queue';

const tick = () => new Promise((r) => setImmediate(r));

describe('BoundedQueue', () => {
  it('makes a producer wait while the queue is full and keeps the order', async () => {
    const queue = new BoundedQueue<number>(2);
    const accepted: number[] = [];
    const producer = (async () => {
      for (let i = 0; i < 5; i++) if (await queue.put(i)) accepted.push(i);
      queue.close();
    })();
    await tick();
    expect(accepted).toEqual([0, 1]); // the third put waits for a consumer
    expect(queue.size).toBe(2);
    const taken: number[] = [];
    for (let item = await queue.take(); item !== DONE; item = await queue.take()) {
      expect(queue.size).toBeLessThanOrEqual(2);
      taken.push(item);
    }
    await producer;
    expect(taken).toEqual([0, 1, 2, 3, 4]);
    expect(await queue.take()).toBe(DONE);
  });

  it('hands an item straight to a waiting consumer', async () => {
    const queue = new BoundedQueue<string>(1);
    const taking = queue.take();
    expect(await queue.put('a')).toBe(true);
    expect(await taking).toBe('a');
    expect(queue.size).toBe(0);
  });

  it('abort drops queued and waiting items, refuses later puts and wakes consumers', async () => {
    const queue = new BoundedQueue<number>(1);
    await queue.put(1);
    const blocked = queue.put(2);
    expect(queue.abort()).toEqual([1, 2]);
    expect(await blocked).toBe(false);
    expect(await queue.put(3)).toBe(false);
    expect(await queue.take()).toBe(DONE);
    const other = new BoundedQueue<number>(1);
    const waiting = other.take();
    other.abort();
    expect(await waiting).toBe(DONE);
  });

  it('refuses a capacity below 1', () => {
    expect(() => new BoundedQueue(0)).toThrow(RangeError);
  });
});

describe('naming helpers', () => {
  it('puts the suffix before the last extension', () => {
    expect(withSuffix('photo-edited.jpg', 0)).toBe('photo-edited.jpg');
    expect(withSuffix('photo-edited.jpg', 2)).toBe('photo-edited-2.jpg');
    expect(withSuffix('archive.tar.gz', 1)).toBe('archive.tar-1.gz');
    expect(withSuffix('noext', 1)).toBe('noext-1');
  });

  it('pads the index to the width of the total', () => {
    expect(padIndex(0, 9)).toBe('1');
    expect(padIndex(6, 120)).toBe('007');
    expect(padIndex(0, 0)).toBe('1');
  });
});
