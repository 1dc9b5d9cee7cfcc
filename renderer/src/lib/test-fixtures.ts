/** Made-up catalogue entries and reports for the renderer's unit tests (never imported by the app). */
import type {
  BenchmarkAmdahlView,
  BenchmarkReportView,
  BenchmarkRunView,
  BenchmarkScriptReference,
  FilterInfo,
} from '../api/types';

/** A gaussian blur as the catalogue describes it: one parameter, sigma, default 2. */
export const blurFilter: FilterInfo = {
  id: 'gaussian-blur',
  label: 'Gaussian blur',
  category: 'blur',
  description: '',
  neighbourhood: true,
  params: [
    {
      key: 'sigma',
      label: 'Sigma',
      type: 'float',
      default: 2,
      min: 0.5,
      max: 20,
      step: 0.1,
      description: '',
    },
  ],
};

export function fakeRun(over: Partial<BenchmarkRunView>): BenchmarkRunView {
  return {
    scope: 'filter',
    mode: 'pool',
    workers: 2,
    transport: 'shared',
    schedule: 'strips',
    kernels: 'wasm',
    medianMs: 100,
    megapixelsPerSecond: 160,
    speedup: 1.8,
    speedupCI: [1.75, 1.85],
    efficiency: 0.9,
    samplesMs: [99, 100, 101],
    cv: 0.01,
    minMs: 99,
    maxMs: 101,
    outliers: 0,
    pairs: 3,
    split: { decode: 300, dispatch: 2, compute: 190, reassemble: 1, encode: 400 },
    busyShare: [0.95, 0.94],
    warnings: [],
    ...over,
  };
}

/** The serial baseline of a report: 180 ms, decode 300 ms and encode 400 ms timed once. */
export const fakeSerial: BenchmarkRunView = fakeRun({
  mode: 'serial',
  workers: 1,
  transport: null,
  schedule: null,
  medianMs: 180,
  speedup: 1,
  speedupCI: [1, 1],
  efficiency: 1,
  split: { decode: 300, compute: 180, encode: 400 },
});

/** A sharp script run of the whole job, `workers` files at a time. */
export function fakeScriptRun(over: Partial<BenchmarkRunView> = {}): BenchmarkRunView {
  return fakeRun({
    scope: 'job',
    mode: 'reference',
    transport: null,
    schedule: null,
    kernels: null,
    medianMs: 80,
    speedup: 2.2,
    speedupCI: [2.1, 2.3],
    efficiency: 1.1,
    split: { decode: 0, dispatch: 0, compute: 0, reassemble: 0, encode: 0, idle: 0 },
    busyShare: [],
    ...over,
  });
}

/** The engine's comparison of the whole job with the sharp script. */
export const fakeScriptReference: BenchmarkScriptReference = {
  operation: 'blur(sigma=3)',
  call: 'sharp(bytes).rotate().blur(3).jpeg({ quality: 80 }).toBuffer()',
  script: "const sharp = require('sharp');\n// …",
  lines: 12,
  comparisons: [
    {
      workers: 2,
      transport: 'shared',
      schedule: 'images',
      scriptAtOnce: 2,
      timeRatio: 1.3,
      timeRatioCI: [1.25, 1.36],
    },
  ],
  summary:
    'PixelPool takes 1.30x the time of a 12-line sharp script on these images (its fastest job run, 2 workers, shared, whole images, against the script at its fastest, 2 files at a time; 95% interval 1.25-1.36x).',
};

/** A trusted Amdahl fit. */
export function fakeAmdahl(over: Partial<BenchmarkAmdahlView> = {}): BenchmarkAmdahlView {
  return {
    serialFraction: 0.05,
    serialFractionCI: [0.03, 0.07],
    transport: 'shared',
    trusted: true,
    note: null,
    ...over,
  };
}

export function fakeReport(
  runs: BenchmarkRunView[],
  over: Partial<BenchmarkReportView> = {},
): BenchmarkReportView {
  return {
    createdAt: '2026-01-01T10:00:00.000Z',
    machine: { cpuModel: 'Test CPU', cores: 2, nodeVersion: '20', platform: 'linux', arch: 'x64' },
    pipeline: [{ id: 'sobel', params: {} }],
    images: [{ name: 'a.jpg', width: 4000, height: 4000, megapixels: 16 }],
    megapixels: 16,
    scope: 'both',
    runs,
    amdahl: fakeAmdahl(),
    jobAmdahl: null,
    warnings: [],
    kernels: 'wasm',
    pool: 'threads',
    jobReference: null,
    jobReferenceMissing: null,
    raw: {},
    ...over,
  };
}

const BLOCK =
  /^(?:p|div|li|ul|ol|tr|td|th|table|thead|tbody|caption|section|h\d|button|dl|dt|dd|fieldset|legend)$/;

/**
 * The text a reader sees in rendered HTML (react-dom/server), for tests: inline tags and React's text
 * separators vanish, block-level tags become spaces, entities are decoded.
 */
export function visibleText(html: string): string {
  return html
    .replace(/<!--.*?-->/g, '')
    .replace(/<\/?([a-z0-9]+)[^>]*>/gi, (_, tag: string) => (BLOCK.test(tag.toLowerCase()) ? ' ' : ''))
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
