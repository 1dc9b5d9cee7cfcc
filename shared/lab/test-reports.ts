/** Fixed pool and queue results for the sentence and view tests (numbers chosen by hand, not measured). */
import type { LabPoolResult, PoolChildError, PoolMethod, PoolMethodResult } from './pool';
import type { LabQueueResult, QueueCapacityResult } from './queue';

const quiet = { cores: 2, loadAverage: 0.1, coresDeliveredBefore: 2, coresDeliveredAfter: 2, warnings: [] };

function method(name: PoolMethod, arrivals: [number, number][], roundsMs: number[]): PoolMethodResult {
  return {
    name,
    totalMs: Math.max(...arrivals.map(([, ms]) => ms)),
    arrivals: arrivals.map(([index, ms]) => ({ index, label: `p${index + 1}.jpg`, ms })),
    roundsMs,
  };
}

export const POOL_CHILD_ERROR: PoolChildError = {
  task: 'gaussian-blur with sigma=-1, checked by the worker',
  name: 'PipelineError',
  message: 'step 1 (gaussian-blur): parameter "sigma" must be a number from 0.5 to 20, got -1',
  stack: [
    'PipelineError: step 1 (gaussian-blur): parameter "sigma" must be a number from 0.5 to 20, got -1',
    '    at resolvePipeline (/app/out/main/workers/filter.worker.js:1320:8)',
    '    at checkStepsInWorker (/app/out/main/workers/filter.worker.js:2585:18)',
    '    at new Promise (<anonymous>)',
  ].join('\n'),
  workerFrames: [
    'at resolvePipeline (/app/out/main/workers/filter.worker.js:1320:8)',
    'at checkStepsInWorker (/app/out/main/workers/filter.worker.js:2585:18)',
  ],
  callbackGotIt: true,
  getReraised: true,
};

export const POOL_RESULT: LabPoolResult = {
  experiment: 'pool',
  images: [
    { name: 'p1.jpg', sample: true },
    { name: 'p2.jpg', sample: true },
    { name: 'p3.jpg', sample: true },
  ],
  cores: 2,
  filters: 'gaussian-blur:sigma=3',
  workers: 2,
  rounds: 3,
  photos: [
    { label: 'p1.jpg', width: 200, height: 100 },
    { label: 'p2.jpg', width: 200, height: 100 },
    { label: 'p3.jpg', width: 200, height: 100 },
  ],
  megapixels: 0.06,
  methods: [
    method(
      'apply',
      [
        [0, 40],
        [1, 80],
        [2, 150],
      ],
      [150, 140, 160],
    ),
    method(
      'applyAsync',
      [
        [0, 30],
        [1, 60],
        [2, 100],
      ],
      [100, 95, 110],
    ),
    method(
      'map',
      [
        [0, 120],
        [1, 120],
        [2, 120],
      ],
      [120, 118, 130],
    ),
    method(
      'imap',
      [
        [0, 20],
        [1, 70],
        [2, 115],
      ],
      [115, 112, 117],
    ),
    method(
      'imap_unordered',
      [
        [1, 25],
        [0, 50],
        [2, 90],
      ],
      [90, 88, 99],
    ),
  ],
  childError: POOL_CHILD_ERROR,
  machine: quiet,
};

function capacity(
  cap: number,
  totalMs: number,
  mps: number,
  peakImages: number,
  peakMb: number,
  maxDecoded: number,
): QueueCapacityResult {
  return {
    capacity: cap,
    totalMs,
    megapixelsPerSecond: mps,
    peakImagesInMemory: peakImages,
    peakBytes: peakMb * 2 ** 20,
    depths: {
      decoded: [
        [0, 0],
        [10, maxDecoded],
        [totalMs, 0],
      ],
      filtered: [
        [0, 0],
        [10, 0],
        [totalMs, 0],
      ],
    },
    maxDepths: { decoded: maxDecoded, filtered: 0 },
    endedWithSentinel: true,
    processed: [0, 1, 2, 3].map((index) => ({
      index,
      label: `/photos/q${index + 1}.jpg`,
      encodedBytes: 1000,
    })),
  };
}

export const QUEUE_RESULT: LabQueueResult = {
  experiment: 'queue',
  images: [1, 2, 3, 4].map((k) => ({ name: `q${k}.jpg`, sample: false })),
  cores: 2,
  filters: 'median:radius=4',
  workers: 2,
  files: [1, 2, 3, 4].map((k) => `/photos/q${k}.jpg`),
  photos: [1, 2, 3, 4].map((k) => ({ label: `/photos/q${k}.jpg`, width: 2560, height: 1600 })),
  megapixels: 16.4,
  sampleEveryMs: 10,
  capacities: [
    capacity(1, 984, 16.6, 3, 63, 1),
    capacity(4, 953, 17.2, 4, 78, 3),
    capacity(0, 986, 16.6, 4, 78, 3),
  ],
  machine: quiet,
};
