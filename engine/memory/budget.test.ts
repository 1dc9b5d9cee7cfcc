import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { availableMemoryBytes, MemoryBudget } from './budget';

const settled = () => new Promise((r) => setTimeout(r, 0));

describe('MemoryBudget', () => {
  it('grants what fits at once and holds the rest until bytes are released', async () => {
    const budget = new MemoryBudget(100);
    const a = await budget.acquire(60);
    let bGranted = false;
    const b = budget.acquire(50).then((release) => {
      bGranted = true;
      return release;
    });
    await settled();
    expect(bGranted).toBe(false);
    expect(budget.usedBytes).toBe(60);
    a();
    const releaseB = await b;
    expect(budget.usedBytes).toBe(50);
    releaseB();
    releaseB(); // twice is harmless
    expect(budget.usedBytes).toBe(0);
  });

  it('serves waiters first come, first served: a large one is not passed by small ones', async () => {
    const budget = new MemoryBudget(100);
    const first = await budget.acquire(90);
    const order: string[] = [];
    const granted = (name: string) => (release: () => void) => {
      order.push(name);
      return release;
    };
    const large = budget.acquire(80).then(granted('large'));
    const small = budget.acquire(10).then(granted('small'));
    await settled();
    expect(order).toEqual([]);
    first();
    (await large)();
    (await small)();
    expect(order).toEqual(['large', 'small']);
  });

  it('refuses at once what could never fit, and stops waiting when aborted', async () => {
    const budget = new MemoryBudget(100);
    await expect(budget.acquire(101)).rejects.toThrow(/exceed the memory budget of 100/);
    expect(budget.fits(100)).toBe(true);
    expect(budget.fits(101)).toBe(false);
    const held = await budget.acquire(100);
    const controller = new AbortController();
    const waiting = budget.acquire(40, controller.signal);
    const behind = budget.acquire(40);
    controller.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    held();
    (await behind)();
    expect(budget.usedBytes).toBe(0);
  });

  it('reads a positive amount of memory no larger than the machine has', () => {
    const bytes = availableMemoryBytes();
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(totalmem());
  });
});
