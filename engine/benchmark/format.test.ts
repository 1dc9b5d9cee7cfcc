import { describe, expect, it } from 'vitest';
import { formatReport } from './format';
import type { BenchmarkReport } from './types';

const split = { decodeMs: 812, dispatchMs: 0, computeMs: 754.2, reassembleMs: 0, encodeMs: 350 };
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
  repeat: 5,
  warmup: 1,
  runs: [
    {
      mode: 'serial',
      workers: 1,
      transport: null,
      medianMs: 754.2,
      megapixelsPerSecond: 26.52,
      speedup: 1,
      efficiency: 1,
      samplesMs: [754.2],
      split,
      workerBusyShare: [1],
    },
    {
      mode: 'pool',
      workers: 2,
      transport: 'shared',
      medianMs: 390,
      megapixelsPerSecond: 51.28,
      speedup: 1.934,
      efficiency: 0.967,
      samplesMs: [390],
      split: { ...split, dispatchMs: 3.2, computeMs: 770.1 },
      workerBusyShare: [0.98, 0.97],
    },
  ],
  amdahl: { transport: 'shared', serialFraction: 0.034, maxSpeedup: 29.4, rmse: 0, points: [] },
  reference: {
    operation: 'blur(sigma=3)',
    megapixelsPerSecond: 75.1,
    jsSerialMegapixelsPerSecond: 26.52,
    ratio: 0.353,
    medianMs: 266,
    samplesMs: [266],
  },
  method: [],
};

describe('formatReport', () => {
  it('prints the pipeline, the machine, one aligned row per run, Amdahl and the reference', () => {
    const text = formatReport(report);
    expect(text).toContain('Pipeline: gaussian-blur:sigma=3');
    expect(text).toContain('Test CPU, 2 cores, Node v20.0.0, linux x64');
    expect(text).toContain('decode 812 ms, encode 350 ms');
    const lines = text.split('\n');
    const header = lines.find((l) => l.startsWith('mode')) as string;
    const serial = lines.find((l) => l.startsWith('serial')) as string;
    const pool = lines.find((l) => l.startsWith('pool')) as string;
    expect(serial).toMatch(/serial\s+1\s+-\s+754\.2\s+26\.5\s+1\.00x\s+100%\s+0\.0\s+754\.2\s+0\.0\s+100%/);
    expect(pool).toMatch(
      /pool\s+2\s+shared\s+390\.0\s+51\.3\s+1\.93x\s+97%\s+3\.2\s+770\.1\s+0\.0\s+98% 97%/,
    );
    // Right-aligned numbers end in the same column as their header.
    const end = header.indexOf('median ms') + 'median ms'.length;
    expect(serial.slice(0, end).endsWith('754.2')).toBe(true);
    expect(pool.slice(0, end).endsWith('390.0')).toBe(true);
    expect(text).toContain('Amdahl (shared): serial fraction 3.4%, speedup limit 29.4x');
    expect(text).toContain('speedup = serial median / this median; efficiency = speedup / workers');
    expect(header).toMatch(/dispatch ms +compute ms +reassemble ms +worker busy$/);
    expect(text).toContain(
      'sharp blur(sigma=3) at concurrency 1: 75.1 MP/s; JS serial: 26.5 MP/s (0.35x sharp)',
    );
  });

  it('leaves out what was not measured', () => {
    const text = formatReport({ ...report, amdahl: null, reference: null, runs: report.runs.slice(0, 1) });
    expect(text).not.toContain('Amdahl');
    expect(text).not.toContain('Reference');
    expect(text).not.toMatch(/^pool/m);
  });
});
