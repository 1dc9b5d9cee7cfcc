/**
 * Which kernels the benchmark's contenders ran. Asking for WebAssembly is not enough to know: a worker
 * without WebAssembly SIMD, or a strip too large for a wasm32 memory, runs the JS kernels and says why
 * (FilterResult.kernelsFallback, SerialRun.kernelsFallback). Each run's word is noted here, so the
 * report can say what ran, run by run, and warn when it is not what was asked.
 */
import type { KernelChoice } from '../../shared/kernels';
import { kernelsWarnings } from './warnings';

/** What a pool result or a baseline run says of its kernels. */
export interface KernelsRan {
  kernels: KernelChoice;
  kernelsFallback?: string;
}

/** The report's part on the kernels. */
export interface KernelsReport {
  /** What ran: the asked kernels, or 'js' when any run could not run WebAssembly. */
  kernels: KernelChoice;
  /** Why not WebAssembly (the first reason given); absent when every run ran what was asked. */
  kernelsFallback?: string;
  /** The warning that says so; empty when every run ran what was asked. */
  warnings: string[];
}

/** Said when a run ran other kernels than asked without a reason (the pool always gives one). */
const NO_REASON = 'the run did not say why';

export class KernelsLedger {
  /** Per contender label, in the order first seen: the kernels it ran and why, when not those asked. */
  private readonly others = new Map<string, Required<KernelsRan>>();
  private readonly contenders = new Set<string>();

  constructor(readonly asked: KernelChoice) {}

  /** One run of contender `label` ran `ran`. */
  note(label: string, ran: KernelsRan): void {
    this.contenders.add(label);
    if (ran.kernels === this.asked || this.others.has(label)) return;
    this.others.set(label, { kernels: ran.kernels, kernelsFallback: ran.kernelsFallback ?? NO_REASON });
  }

  /** The kernels contender `label` ran: the asked ones unless a run of it said otherwise. */
  of(label: string): KernelChoice {
    return this.others.get(label)?.kernels ?? this.asked;
  }

  report(): KernelsReport {
    const [first] = this.others.values();
    if (!first) return { kernels: this.asked, warnings: [] };
    const labels = [...this.others.keys()];
    return {
      kernels: first.kernels,
      kernelsFallback: first.kernelsFallback,
      warnings: kernelsWarnings({
        asked: this.asked,
        ran: first.kernels,
        reason: first.kernelsFallback,
        runs: labels.length === this.contenders.size ? 'all' : labels,
      }),
    };
  }
}
