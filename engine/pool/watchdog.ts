/**
 * The time a strip may take on a worker before the worker counts as hung. A worker that never answers
 * (a kernel stuck in a loop, a thread wedged in native code) raises no event, so without a limit a batch
 * waits until someone cancels it. The limit follows the measured rate: every strip that comes back
 * teaches the slowest milliseconds per pixel seen for its pipeline, and a strip gets many times what
 * that rate predicts — never less than a generous floor, and a longer one before anything is measured,
 * so a slow machine or a busy one is never mistaken for a hang.
 */
import type { PipelineStep } from '../../workers/filters/types';

export interface WatchdogLimits {
  /** Never less than this, ms. */
  floorMs: number;
  /** Before a strip of the pipeline has come back, ms. */
  unmeasuredMs: number;
  /** Times the slowest measured rate a strip may take. */
  slack: number;
}

export const DEFAULT_WATCHDOG: WatchdogLimits = { floorMs: 15_000, unmeasuredMs: 60_000, slack: 20 };

export class StripWatchdog {
  /** Slowest ms per pixel seen, per pipeline (its steps as JSON). */
  private readonly slowest = new Map<string, number>();
  private readonly keys = new WeakMap<readonly PipelineStep[], string>();

  constructor(readonly limits: WatchdogLimits = DEFAULT_WATCHDOG) {}

  /** A strip of `pixels` pixels took `computeMs` on its worker. */
  learn(steps: readonly PipelineStep[], pixels: number, computeMs: number): void {
    if (pixels <= 0 || !(computeMs >= 0)) return;
    const key = this.keyOf(steps);
    this.slowest.set(key, Math.max(this.slowest.get(key) ?? 0, computeMs / pixels));
  }

  /** How long a strip of `pixels` pixels of this pipeline may take, ms. */
  limitMs(steps: readonly PipelineStep[], pixels: number): number {
    const rate = this.slowest.get(this.keyOf(steps));
    if (rate === undefined) return Math.max(this.limits.floorMs, this.limits.unmeasuredMs);
    return Math.max(this.limits.floorMs, this.limits.slack * rate * pixels);
  }

  private keyOf(steps: readonly PipelineStep[]): string {
    let key = this.keys.get(steps);
    if (key === undefined) {
      key = JSON.stringify(steps);
      this.keys.set(steps, key);
    }
    return key;
  }
}
