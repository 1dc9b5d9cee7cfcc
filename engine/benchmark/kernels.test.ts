/** The kernels ledger on made-up runs: what ran, and a fallback (simulated here) becoming a warning. */
import { describe, expect, it } from 'vitest';
import { KernelsLedger } from './kernels';
import { kernelsWarnings } from './warnings';

const NO_SIMD = 'this engine has no WebAssembly SIMD (128-bit) support';

describe('KernelsLedger', () => {
  it('reports the kernels asked for when every run ran them, with no warning', () => {
    const ledger = new KernelsLedger('wasm');
    ledger.note('serial', { kernels: 'wasm' });
    ledger.note('2 workers, shared', { kernels: 'wasm' });
    expect(ledger.report()).toEqual({ kernels: 'wasm', warnings: [] });
    expect(ledger.of('serial')).toBe('wasm');
    expect(new KernelsLedger('js').report()).toEqual({ kernels: 'js', warnings: [] });
  });

  it('a fallback in every run: the report says js, why, and warns that the figures are the JS kernels', () => {
    const ledger = new KernelsLedger('wasm');
    for (const label of ['serial', '2 workers, shared', 'job: serial']) {
      ledger.note(label, { kernels: 'js', kernelsFallback: NO_SIMD });
    }
    const report = ledger.report();
    expect(report).toMatchObject({ kernels: 'js', kernelsFallback: NO_SIMD });
    expect(report.warnings).toEqual([
      `Kernels fell back: the WebAssembly SIMD kernels were asked for, but the JavaScript kernels ran in every run (${NO_SIMD}). The figures are those of the JavaScript kernels and say nothing of the WebAssembly SIMD ones; ask for --kernels js to measure what runs here.`,
    ]);
    expect(ledger.of('2 workers, shared')).toBe('js');
  });

  it('a fallback in some runs names them: their speedups compare different kernels', () => {
    const ledger = new KernelsLedger('wasm');
    ledger.note('serial', { kernels: 'js', kernelsFallback: 'the strip needs 5 GiB, more than 4 GiB' });
    ledger.note('2 workers, shared', { kernels: 'wasm' });
    // A later run of the same contender that ran wasm does not undo the fallback.
    ledger.note('serial', { kernels: 'wasm' });
    const report = ledger.report();
    expect(report.kernels).toBe('js');
    expect(report.warnings[0]).toMatch(
      /^Kernels fell back: .* ran in serial \(the strip needs 5 GiB, more than 4 GiB\)\. The other runs had the WebAssembly SIMD kernels/,
    );
    expect(ledger.of('serial')).toBe('js');
    expect(ledger.of('2 workers, shared')).toBe('wasm');
  });

  it('says so when a run gave no reason', () => {
    const ledger = new KernelsLedger('wasm');
    ledger.note('serial', { kernels: 'js' });
    expect(ledger.report().kernelsFallback).toBe('the run did not say why');
  });
});

describe('kernelsWarnings', () => {
  it('says nothing when what ran is what was asked', () => {
    expect(kernelsWarnings({ asked: 'js', ran: 'js', reason: '', runs: 'all' })).toEqual([]);
  });
});
