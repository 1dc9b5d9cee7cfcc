import { describe, expect, it } from 'vitest';
import { InFlight } from './in-flight';

describe('InFlight', () => {
  it('counts the leases held now and the most held at once', () => {
    const inFlight = new InFlight();
    const a = inFlight.acquire();
    const b = inFlight.acquire();
    const c = inFlight.acquire();
    expect([inFlight.count, inFlight.peak]).toEqual([3, 3]);
    b.release();
    a.release();
    expect([inFlight.count, inFlight.peak]).toEqual([1, 3]);
    const d = inFlight.acquire();
    expect([inFlight.count, inFlight.peak]).toEqual([2, 3]);
    c.release();
    d.release();
    expect([inFlight.count, inFlight.peak]).toEqual([0, 3]);
  });

  it('frees a lease once however often it is released, so an image dropped twice is not counted twice', () => {
    const inFlight = new InFlight();
    const kept = inFlight.acquire();
    const dropped = inFlight.acquire();
    dropped.release();
    dropped.release();
    dropped.release();
    expect(inFlight.count).toBe(1);
    kept.release();
    expect(inFlight.count).toBe(0);
    dropped.release();
    expect(inFlight.count).toBe(0);
    expect(inFlight.peak).toBe(2);
  });

  it('starts empty', () => {
    const inFlight = new InFlight();
    expect([inFlight.count, inFlight.peak]).toEqual([0, 0]);
  });
});
