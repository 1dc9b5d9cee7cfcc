/**
 * Whether the machine was busy while a lab experiment ran, told the benchmark's way (and with its
 * words): the load average and a short calibration loop on every core before the run, the loop again
 * after. The lab's numbers are single runs on whatever the machine is doing, so a reader must be told
 * when other programs were sharing the cores; reusing calibration.ts and warnings.ts keeps the lab and
 * the benchmark saying "busy" on the same evidence.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { LabMachine } from '../../shared/lab/machine';
import { calibrate } from '../benchmark/calibration';
import type { Calibration } from '../benchmark/types';
import { machineWarnings } from '../benchmark/warnings';

/** Declared once, in shared/lab/machine.ts, as part of the reports the app shows. */
export type { LabMachine };

/** Runs `experiment` between two calibrations (skipped when `check` is false: tests, where speed is moot). */
export async function withMachineCheck<T>(
  check: boolean,
  experiment: () => Promise<T>,
): Promise<{ result: T; machine: LabMachine }> {
  const cores = availableParallelism();
  const loadAverage = process.platform === 'win32' ? null : loadavg()[0];
  const before: Calibration | null = check ? await calibrate(cores) : null;
  const result = await experiment();
  const after: Calibration | null = check ? await calibrate(cores) : null;
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
