/**
 * Made-up results of the processes, manager and cores experiments, for the tests of their sentences
 * (shared/lab/*.test.ts) and their views (renderer/src/components/lab/*.test.tsx). The figures are
 * chosen so that every ratio the words print is known: 3.0x, 4.0x, 20.0x.
 */
import type { LabCoresResult } from './cores';
import type { LabMachine } from './machine';
import type { LabManagerResult } from './manager';
import type { LabProcessesKind, LabProcessesResult } from './processes';

export const quietMachine: LabMachine = {
  cores: 2,
  loadAverage: 0.4,
  coresDeliveredBefore: 1.9,
  coresDeliveredAfter: 1.9,
  warnings: [],
};

const kind = (
  name: 'threads' | 'processes',
  startRunsMs: number[],
  rss: number | null,
  roundTripRunsMs: number[],
  pointsMs: number[][],
): LabProcessesKind => {
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
  const oneMs = med(pointsMs[0]);
  const points = pointsMs.map((runsMs, k) => ({
    workers: k + 1,
    ms: med(runsMs),
    runsMs,
    speedup: oneMs / med(runsMs),
  }));
  const top = points[points.length - 1];
  return {
    kind: name,
    startMs: med(startRunsMs),
    startRunsMs,
    rssMbPerWorker: rss,
    roundTripMs: med(roundTripRunsMs),
    roundTripRunsMs,
    oneWorkerMs: oneMs,
    allWorkersMs: top.ms,
    speedup: top.speedup,
    points,
  };
};

export const processesResult: LabProcessesResult = {
  experiment: 'processes',
  images: [
    { name: 'cups.jpg', sample: true },
    { name: 'boats.jpg', sample: true },
  ],
  cores: 2,
  filters: 'gaussian-blur:sigma=3',
  workers: 2,
  megapixels: 8.2,
  runs: 3,
  threads: kind(
    'threads',
    [48, 50, 55],
    7,
    [20, 18, 22],
    [
      [400, 410, 390],
      [210, 200, 205],
    ],
  ),
  processes: kind(
    'processes',
    [140, 150, 160],
    43,
    [80, 72, 90],
    [
      [800, 790, 810],
      [500, 480, 520],
    ],
  ),
  machine: quietMachine,
  noise: { noisyAbove: 0.1, noisy: [] },
};

export const managerResult: LabManagerResult = {
  experiment: 'manager',
  images: [],
  cores: 2,
  workers: 2,
  updatesPerWorker: 1000,
  updates: 2000,
  results: [
    { mode: 'message', counted: 2000, ms: 20, microsecondsPerUpdate: 10 },
    { mode: 'shared', counted: 2000, ms: 1, microsecondsPerUpdate: 0.5 },
  ],
  machine: quietMachine,
};

const point = (workers: number, ms: number, runsMs: number[]) => ({
  workers,
  ms,
  runsMs,
  megapixelsPerSecond: 8 / (ms / 1000),
  speedup: 400 / ms,
});

export const coresResult: LabCoresResult = {
  experiment: 'cores',
  images: [{ name: 'leaf.jpg', sample: false }],
  filters: 'gaussian-blur:sigma=3',
  cores: 2,
  megapixels: 8,
  runs: 3,
  points: [
    point(1, 400, [400, 410, 395]),
    point(2, 200, [200, 205, 198]),
    point(3, 198, [198, 199, 210]),
    point(4, 204, [204, 230, 201]),
  ],
  stopsHelpingAt: 2,
  machine: quietMachine,
  noise: { noisyAbove: 0.1, noisy: [] },
};
