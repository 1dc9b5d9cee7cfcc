/** A pipe result with round numbers, for the tests of its words and its view (test-only). */
import type { LabPipeChannel, LabPipeResult, LabPipeSpread } from './index';

export function spread(...runs: number[]): LabPipeSpread {
  const sorted = [...runs].sort((a, b) => a - b);
  return {
    runs,
    median: sorted[Math.floor(sorted.length / 2)],
    min: sorted[0],
    max: sorted[sorted.length - 1],
  };
}

function channel(
  name: LabPipeChannel['name'],
  producers: number,
  rtt: LabPipeSpread,
  mbs: LabPipeSpread,
): LabPipeChannel {
  return {
    name,
    producers,
    roundTripUs: rtt,
    roundTripPercentilesUs: { p10: rtt.min * 0.8, p50: rtt.median, p90: rtt.max * 1.5 },
    pings: 600,
    putToGetUs: name === 'queue' ? spread(12, 11, 14) : null,
    mbPerSecond: mbs,
    payloadMs: spread(...mbs.runs.map((mb) => (16.384 / mb) * 1000)),
    intact: true,
    corruptChunks: 0,
  };
}

export const pipeResult: LabPipeResult = {
  experiment: 'pipe',
  images: [{ name: 'cups.jpg', sample: true }],
  cores: 2,
  payload: {
    label: 'cups.jpg',
    width: 2560,
    height: 1600,
    bytes: 16_384_000,
    chunkBytesAsked: 262_144,
    chunkRows: 25,
    chunkBytes: 256_000,
    chunks: 64,
    transport: 'copy',
  },
  workers: 2,
  runs: 3,
  pingsPerRun: 200,
  channels: [
    channel('thread', 1, spread(25, 30, 20), spread(3000, 2500, 3500)),
    channel('process', 1, spread(100, 120, 110), spread(600, 500, 550)),
    channel('queue', 2, spread(35, 32, 40), spread(2000, 2400, 1800)),
  ],
  processSkipped: null,
  intact: true,
  machine: { cores: 2, loadAverage: 0.1, coresDeliveredBefore: 2, coresDeliveredAfter: 2, warnings: [] },
  noise: { noisyAbove: 0.1, noisy: [] },
};
