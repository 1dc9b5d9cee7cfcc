/**
 * Whether the machine was busy while a lab experiment ran, told the benchmark's way (and with its
 * words): the load average and a short calibration loop on every core before the run, the loop again
 * after. The lab's numbers are single runs on whatever the machine is doing, so a reader must be told
 * when other programs were sharing the cores; reusing calibration.ts and warnings.ts keeps the lab and
 * the benchmark saying "busy" on the same evidence.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { LabMachine, LabNoise, LabSpread } from '../../shared/lab/machine';
import { calibrate } from '../benchmark/calibration';
import { median, spread } from '../benchmark/statistics';
import type { Calibration } from '../benchmark/types';
import { machineWarnings, NOISY_CV } from '../benchmark/warnings';

/** The machine's state is declared once, in shared/lab/machine.ts, for the CLI and the app alike. */
export type { LabMachine, LabNoise, LabSpread };

/** Runs `experiment` between two calibrations (skipped when `check` is false: tests, where speed is moot). */
export async function withMachineCheck<T>(
  check: boolean,
  experiment: () => Promise<T>,
  /** Stops the calibrations too (the experiment watches it itself). */
  signal?: AbortSignal,
): Promise<{ result: T; machine: LabMachine }> {
  const cores = availableParallelism();
  const loadAverage = process.platform === 'win32' ? null : loadavg()[0];
  const before: Calibration | null = check ? await calibrate(cores, signal) : null;
  const result = await experiment();
  const after: Calibration | null = check ? await calibrate(cores, signal) : null;
  const warnings = before ? machineWarnings({ cores, loadAverage, before, after }) : [];
  return {
    result,
    machine: {
      cores,
      loadAverage,
      coresDeliveredBefore: before?.coresDelivered ?? null,
      coresDeliveredAfter: after?.coresDelivered ?? null,
      warnings,
    },
  };
}

/** A timed figure's runs as the report gives them: their median, range and coefficient of variation. */
export function spreadOf(figure: string, values: readonly number[]): LabSpread {
  const { min, max, cv } = spread(values);
  return { figure, runs: values.length, median: median(values), min, max, cv };
}

/** The figures whose runs are noisy by the benchmark's rule (cv above NOISY_CV, warnings.ts). */
export function noiseOf(spreads: readonly LabSpread[]): LabNoise {
  return { noisyAbove: NOISY_CV, noisy: spreads.filter((s) => s.runs > 1 && s.cv > NOISY_CV) };
}
