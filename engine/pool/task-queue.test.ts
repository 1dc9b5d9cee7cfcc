import { describe, expect, it } from 'vitest';
import { TaskQueue } from './task-queue';

interface Strip {
  job: string;
  strip: number;
}

const strip = (job: string, index: number): Strip => ({ job, strip: index });

/** Empties the queue, head first. */
function drain<T>(queue: TaskQueue<T>): T[] {
  const taken: T[] = [];
  for (let task = queue.take(); task !== undefined; task = queue.take()) taken.push(task);
  return taken;
}

describe('TaskQueue', () => {
  it('starts empty: take gives undefined', () => {
    const queue = new TaskQueue<Strip>();
    expect(queue.isEmpty()).toBe(true);
    expect(queue.size).toBe(0);
    expect(queue.take()).toBeUndefined();
  });

  it('hands tasks out first in, first out', () => {
    const queue = new TaskQueue<Strip>();
    for (let i = 0; i < 4; i++) queue.push(strip('a', i));
    expect(queue.size).toBe(4);
    expect(queue.isEmpty()).toBe(false);
    expect(queue.take()).toEqual(strip('a', 0));
    queue.push(strip('b', 0));
    expect(drain(queue)).toEqual([strip('a', 1), strip('a', 2), strip('a', 3), strip('b', 0)]);
    expect(queue.isEmpty()).toBe(true);
    expect(queue.size).toBe(0);
  });

  it('pushFront puts tasks ahead of every waiting one, in their own order', () => {
    const queue = new TaskQueue<Strip>();
    queue.push(strip('a', 2));
    queue.push(strip('a', 3));
    // Strips a dead worker never started go back first...
    queue.pushFront([strip('a', 0), strip('a', 1)]);
    // ...then the one it was computing, retried, goes ahead of them.
    queue.pushFront([strip('b', 9)]);
    expect(queue.size).toBe(5);
    expect(drain(queue)).toEqual([strip('b', 9), strip('a', 0), strip('a', 1), strip('a', 2), strip('a', 3)]);
  });

  it('pushFront of nothing changes nothing', () => {
    const queue = new TaskQueue<Strip>();
    queue.push(strip('a', 0));
    queue.pushFront([]);
    expect(queue.size).toBe(1);
    expect(drain(queue)).toEqual([strip('a', 0)]);
  });

  it("removeWhere drops one job's tasks, wherever they wait, and keeps the others in order", () => {
    const queue = new TaskQueue<Strip>();
    for (const [job, index] of [
      ['a', 0],
      ['b', 0],
      ['a', 1],
      ['b', 1],
      ['c', 0],
      ['a', 2],
    ] as const) {
      queue.push(strip(job, index));
    }
    expect(queue.removeWhere((task) => task.job === 'a')).toBe(3);
    expect(queue.size).toBe(3);
    expect(queue.removeWhere((task) => task.job === 'a')).toBe(0);
    expect(drain(queue)).toEqual([strip('b', 0), strip('b', 1), strip('c', 0)]);
  });

  it('removeWhere may empty the queue; it is usable afterwards', () => {
    const queue = new TaskQueue<Strip>();
    queue.push(strip('a', 0));
    queue.push(strip('a', 1));
    expect(queue.removeWhere(() => true)).toBe(2);
    expect(queue.isEmpty()).toBe(true);
    queue.push(strip('b', 0));
    expect(queue.take()).toEqual(strip('b', 0));
  });

  it('clear drops every task', () => {
    const queue = new TaskQueue<Strip>();
    for (let i = 0; i < 3; i++) queue.push(strip('a', i));
    queue.clear();
    expect(queue.isEmpty()).toBe(true);
    expect(queue.take()).toBeUndefined();
    queue.push(strip('b', 0));
    expect(queue.size).toBe(1);
  });

  it('keeps the very objects it was given', () => {
    const queue = new TaskQueue<Strip>();
    const task = strip('a', 0);
    queue.push(task);
    expect(queue.take()).toBe(task);
  });
});
