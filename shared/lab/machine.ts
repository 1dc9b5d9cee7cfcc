/**
 * Whether the machine was busy while an experiment ran (engine/lab/machine.ts measures it): part of the
 * reports of the experiments that time real work, so the CLI and the app can say "busy" alike.
 */
export interface LabMachine {
  cores: number;
  /** 1-minute load average before the run; null where the OS has none. */
  loadAverage: number | null;
  /** Cores' worth of speed a short loop got on every core at once, before and after the run. */
  coresDeliveredBefore: number | null;
  coresDeliveredAfter: number | null;
  /** Plain-words warnings (busy before, busy after, the speed changed); empty on a quiet machine. */
  warnings: string[];
}
