/**
 * How sure a lab experiment's timings are: the machine's state around the run (the benchmark's
 * calibration and its warnings, engine/lab/machine.ts) and the spread of each timed figure over its runs,
 * judged as the benchmark judges a run (its coefficient of variation against NOISY_CV,
 * engine/benchmark/warnings.ts). Pure: the engine measures and decides, these words say it.
 */

/** The machine while the experiment ran (engine/lab/machine.ts withMachineCheck). */
export interface LabMachine {
  cores: number;
  /** 1-minute load average before the run; null where the OS has none. */
  loadAverage: number | null;
  /** Cores' worth of speed a short loop got on every core at once, before and after the run. */
  coresDeliveredBefore: number | null;
  coresDeliveredAfter: number | null;
  /** The benchmark's plain-words warnings (busy before, busy after, the speed changed); empty on a quiet machine. */
  warnings: string[];
}

/** One timed figure's runs: what its median is made of. */
export interface LabSpread {
  /** What was timed, in a few words ("processes: start-up"). */
  figure: string;
  runs: number;
  median: number;
  min: number;
  max: number;
  /** Coefficient of variation of the runs (sample sd / mean); 0 for one run. */
  cv: number;
}

/** The figures whose runs varied more than the benchmark calls noisy. */
export interface LabNoise {
  /** The coefficient of variation above which runs are noisy (the benchmark's NOISY_CV). */
  noisyAbove: number;
  /** The noisy figures, in the report's order; empty when every figure held steady. */
  noisy: LabSpread[];
}

const pct = (share: number, digits = 0) => `${(share * 100).toFixed(digits)}%`;

/** The benchmark's "Noisy:" warning, for the figures of a lab run whose spread is large. */
export function noiseWarnings(noise: LabNoise): string[] {
  if (noise.noisy.length === 0) return [];
  const what = noise.noisy.map((s) => `${s.figure} ${pct(s.cv, 1)}`).join(', ');
  return [
    `Noisy: the runs of ${noise.noisy.length === 1 ? 'one figure' : `${noise.noisy.length} figures`} varied by more than ${pct(noise.noisyAbove)} (coefficient of variation: ${what}), so their medians are rough. Close other programs and run again, or give it more runs.`,
  ];
}

/** Every warning of a lab result, the machine's first: what a reader must know before the numbers. */
export function labWarnings(report: { machine: LabMachine; noise?: LabNoise }): string[] {
  return [...report.machine.warnings, ...(report.noise ? noiseWarnings(report.noise) : [])];
}
