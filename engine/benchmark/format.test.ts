import { describe, expect, it } from 'vitest';
import { formatReport, REPORT_WIDTH, wrap } from './format';
import type { BenchmarkReport, BenchmarkRun } from './types';

const split = { decodeMs: 812, dispatchMs: 0, computeMs: 754.2, reassembleMs: 0, encodeMs: 350, idleMs: 0 };
const calibration = { singleMs: 30.2, parallelMs: [30.4, 30.9], coresDelivered: 1.97 };
const serial: BenchmarkRun = {
  scope: 'filter',
  mode: 'serial',
  workers: 1,
  transport: null,
  schedule: null,
  kernels: 'wasm',
  medianMs: 754.2,
  megapixelsPerSecond: 26.52,
  speedup: 1,
  speedupCI: [1, 1],
  efficiency: 1,
  samplesMs: [754.2, 750.1, 760.3],
  cv: 0.0068,
  minMs: 750.1,
  maxMs: 760.3,
  outliers: 0,
  pairs: 3,
  pairSpeedups: [],
  computeRatio: null,
  split,
  workerBusyShare: [1],
  warnings: [],
};
const pool: BenchmarkRun = {
  ...serial,
  mode: 'pool',
  workers: 2,
  transport: 'shared',
  schedule: 'strips',
  medianMs: 390,
  megapixelsPerSecond: 51.28,
  speedup: 1.934,
  speedupCI: [1.91, 1.95],
  efficiency: 0.967,
  samplesMs: [390, 391, 389],
  cv: 0.0026,
  minMs: 389,
  maxMs: 391,
  outliers: 1,
  pairSpeedups: [1.93, 1.934, 1.94],
  computeRatio: 1.02,
  split: { ...split, dispatchMs: 3.2, computeMs: 770.1, idleMs: 9.9 },
  workerBusyShare: [0.98, 0.97],
};
const jobSerial: BenchmarkRun = {
  ...serial,
  scope: 'job',
  medianMs: 2100,
  split: { decodeMs: 640, dispatchMs: 12, computeMs: 754, reassembleMs: 8, encodeMs: 660, idleMs: 1346 },
  workerBusyShare: [0.36],
};
const jobPool: BenchmarkRun = {
  ...pool,
  scope: 'job',
  medianMs: 1500,
  speedup: 1.4,
  speedupCI: [1.36, 1.43],
  efficiency: 0.7,
  computeRatio: 1.6,
  split: { decodeMs: 700, dispatchMs: 20, computeMs: 1206, reassembleMs: 9, encodeMs: 690, idleMs: 1794 },
  workerBusyShare: [0.4, 0.4],
  warnings: ["Stages share the cores: the workers' compute time added up to 1.60x the serial compute time."],
};
const jobWhole: BenchmarkRun = {
  ...jobPool,
  schedule: 'images',
  medianMs: 1400,
  speedup: 1.5,
  speedupCI: [1.45, 1.55],
  warnings: [],
};
const jobScript: BenchmarkRun = {
  ...jobPool,
  mode: 'reference',
  transport: null,
  schedule: null,
  kernels: null,
  medianMs: 1100,
  speedup: 1.9,
  speedupCI: [1.85, 1.95],
  computeRatio: null,
  split: { decodeMs: 0, dispatchMs: 0, computeMs: 0, reassembleMs: 0, encodeMs: 0, idleMs: 0 },
  workerBusyShare: [],
  warnings: ['Noisy: its speedup varies.'],
};
const report: BenchmarkReport = {
  createdAt: '2026-01-01T00:00:00.000Z',
  machine: {
    cpuModel: 'Test CPU',
    cores: 2,
    node: 'v20.0.0',
    platform: 'linux',
    arch: 'x64',
    totalMemoryMB: 4096,
  },
  pipeline: [{ id: 'gaussian-blur', params: { sigma: 3 } }],
  images: [{ path: 'a.jpg', format: 'jpeg', width: 4000, height: 5000, megapixels: 20 }],
  totalMegapixels: 20,
  scope: 'both',
  pool: 'threads',
  repeat: 3,
  timeBudgetSeconds: null,
  stoppedBy: 'repeat',
  warmup: 1,
  runs: [serial, pool, jobSerial, jobPool, jobWhole, jobScript],
  amdahl: {
    scope: 'filter',
    transport: 'shared',
    serialFraction: 0.034,
    serialFractionCI: [0.025, 0.047],
    maxSpeedup: 29.4,
    rmse: 0,
    points: [],
    trusted: true,
    note: null,
  },
  jobAmdahl: {
    scope: 'job',
    transport: 'shared',
    serialFraction: 0.43,
    serialFractionCI: [0.4, 0.47],
    maxSpeedup: 2.33,
    rmse: 0,
    points: [],
    trusted: false,
    note: 'Not a property of the pipeline: the machine was busy before the run.',
  },
  machineLoad: { loadAverage: 0.31, before: calibration, after: calibration },
  warnings: ['1 of 4 runs carry warnings: see each run.'],
  reference: {
    operation: 'blur(sigma=3)',
    megapixelsPerSecond: 75.1,
    jsSerialMegapixelsPerSecond: 26.52,
    ratio: 0.353,
    medianMs: 266,
    samplesMs: [266],
  },
  kernels: 'wasm',
  jobReference: {
    operation: 'blur(sigma=3)',
    call: 'sharp(bytes).rotate().blur(3).jpeg({ quality: 80 }).toBuffer()',
    script: '…',
    lines: 12,
    comparisons: [],
    summary:
      'PixelPool takes 1.27x the time of a 12-line sharp script on these images (its fastest job run, 2 workers, shared, whole images, against the script 2 files at a time; 95% interval 1.20-1.33x).',
  },
  jobReferenceMissing: null,
  method: [],
};

describe('formatReport', () => {
  it('prints the pipeline, the machine and its load, one aligned row per run and scope, Amdahl and the reference', () => {
    const text = formatReport(report);
    expect(text).toContain('Pipeline: gaussian-blur:sigma=3');
    expect(text).toContain('Test CPU, 2 cores, Node v20.0.0, linux x64; load average 0.31 before the run');
    expect(text).toContain('a fixed loop on every core got 2.0 of 2 cores (one thread 30.2 ms) before');
    expect(text).toContain('3 rounds after 1 warm-up, fixed (--repeat 3)');
    const lines = text.split('\n');
    const header = lines.find((l) => l.startsWith('run ') && l.includes('median ms')) as string;
    const rows = lines.filter((l) => /^(serial|2 workers, shared) {2}/.test(l));
    // Results then split: the filter's 2 and 2, the job's 3 (serial, strips, whole images) and 3.
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatch(/^serial +754\.2 +26\.5 +1\.00x +100% +0\.7% +750\.1-760\.3 +0 +3$/);
    expect(rows[1]).toMatch(
      /^2 workers, shared +390\.0 +51\.3 +1\.93x +1\.91-1\.95x +97% +0\.3% +389\.0-391\.0 +1 +3$/,
    );
    // The split of the filter stage: decode and encode are timed apart ("-"); compute vs serial; busy.
    expect(rows[3]).toMatch(/^2 workers, shared +- +3\.2 +770\.1 +0\.0 +- +9\.9 +1\.02x +98% 97%$/);
    // The job's split has decode and encode in the run.
    expect(rows[8]).toMatch(
      /^2 workers, shared +700\.0 +20\.0 +1206\.0 +9\.0 +690\.0 +1794\.0 +1\.60x +40% 40%$/,
    );
    // The job's rows under a heading per schedule, then the sharp script's (no efficiency, no split).
    const job = lines.slice(lines.findIndex((l) => l.startsWith('Whole job')));
    const at = (prefix: string) => job.findIndex((l) => l.startsWith(prefix));
    expect(at('strips: each image cut in strips')).toBeLessThan(at('whole images: each image one task'));
    expect(at('whole images: each image one task')).toBeLessThan(at('sharp script: the same job'));
    expect(job[at('sharp script: the same job') + 1]).toMatch(
      /^2 files at a time +1100\.0 +51\.3 +1\.90x +1\.85-1\.95x +- +0\.3% /,
    );
    expect(text).toMatch(/^Against sharp: PixelPool takes 1\.27x the time of a 12-line sharp script/m);
    expect(text.replace(/\s+/g, ' ')).toContain(
      'each file through sharp(bytes).rotate().blur(3).jpeg({ quality: 80 }).toBuffer()',
    );
    expect(job.filter((l) => l.startsWith('2 files at a time'))).toHaveLength(1);
    expect(text).toContain('  ! 2 workers, shared, strips: Stages share the cores');
    expect(text).toContain('  ! sharp script, 2 files at a time: Noisy');
    expect(text).toContain('Kernels:  WebAssembly SIMD (--kernels wasm), in every run.');
    // Right-aligned numbers end in the same column as their header.
    const end = header.indexOf('median ms') + 'median ms'.length;
    expect(rows[0].slice(0, end).endsWith('754.2')).toBe(true);
    expect(rows[1].slice(0, end).endsWith('390.0')).toBe(true);
    expect(text).toContain('Filter stage: decoded pixels in, filtered pixels out');
    expect(text).toContain('Whole job: file bytes in, encoded bytes out');
    expect(text).toContain(
      'Amdahl (filter, shared): serial fraction 3.4% (95% interval 2.5-4.7%), speedup limit 29.4x.',
    );
    expect(text).toMatch(
      /Amdahl \(job, shared\): UNTRUSTED fit, f = 43\.0% \(95% interval 40\.0-47\.0%\)\. Not a\s+property/,
    );
    expect(text).toContain('  ! 1 of 4 runs carry warnings: see each run.');
    expect(text).toContain(
      'sharp blur(sigma=3) at concurrency 1: 75.1 MP/s; JS serial: 26.5 MP/s (0.35x sharp)',
    );
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(REPORT_WIDTH);
  });

  it('says how an adaptive run ended', () => {
    const text = formatReport({ ...report, timeBudgetSeconds: 20, stoppedBy: 'converged', repeat: 7 });
    expect(text).toContain(
      '7 rounds after 1 warm-up, adaptive (--time-budget 20; stopped with every interval within',
    );
  });

  it('says which kernels ran when WebAssembly fell back, and why the job has no script', () => {
    const text = formatReport({
      ...report,
      kernels: 'js',
      kernelsFallback: 'this engine has no WebAssembly SIMD (128-bit) support',
      jobReference: null,
      jobReferenceMissing: 'No sharp script to compare with: this pipeline is invert.',
    });
    expect(text).toContain(
      'Kernels:  JavaScript (--kernels js), not WebAssembly as asked: this engine has no WebAssembly SIMD',
    );
    expect(text).toContain('No sharp script to compare with: this pipeline is invert.');
    expect(text).not.toContain('Against sharp');
  });

  it('leaves out what was not measured', () => {
    const text = formatReport({
      ...report,
      scope: 'filter',
      amdahl: null,
      jobAmdahl: null,
      reference: null,
      jobReference: null,
      warnings: [],
      runs: [serial],
    });
    expect(text).not.toContain('Amdahl');
    expect(text).not.toContain('Reference');
    expect(text).not.toContain('Whole job');
    expect(text).not.toContain('Warnings');
    expect(text).not.toMatch(/^2 workers/m);
  });
});

describe('wrap', () => {
  it('fills lines up to the width with a hanging indent', () => {
    expect(wrap('aaa bbb ccc ddd', '> ', '  ', 10)).toEqual(['> aaa bbb', '  ccc ddd']);
    expect(wrap('word', '', '', 10)).toEqual(['word']);
  });
});
