/**
 * Redis's clock as the common clock of a distributed run. Each worker host stamps its job and task times
 * on its own clock (Date.now, performance.timeOrigin), and two machines' clocks can be seconds apart;
 * so a host reads Redis's TIME now and then and shifts its stamps onto it. The reading is taken halfway
 * through the round trip, so it is off by at most half the round trip: that bound travels with the
 * stamps, and the timeline says it (MachinesTimeline.clockUncertaintyMs).
 */
import type { Redis } from 'ioredis';

export interface ClockReading {
  /** Add to this host's epoch ms to get Redis's. */
  offsetMs: number;
  /** Half the round trip of the reading: how far off the offset can be. */
  uncertaintyMs: number;
}

/** The best of a few readings (the shortest round trip bounds the error best). */
export async function readRedisClock(client: Pick<Redis, 'time'>, samples = 5): Promise<ClockReading> {
  let best: ClockReading | undefined;
  for (let i = 0; i < samples; i++) {
    const before = performance.timeOrigin + performance.now();
    const [seconds, micros] = await client.time();
    const after = performance.timeOrigin + performance.now();
    const redisMs = Number(seconds) * 1000 + Number(micros) / 1000;
    const reading = { offsetMs: redisMs - (before + after) / 2, uncertaintyMs: (after - before) / 2 };
    if (best === undefined || reading.uncertaintyMs < best.uncertaintyMs) best = reading;
  }
  if (best === undefined) throw new Error('no clock reading was taken');
  return best;
}
