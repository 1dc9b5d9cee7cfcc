import { useId } from 'react';
import '../benchmark/WarningsList.css';

/**
 * A lab result's warnings, above the figures they are about, in the benchmark's box and words (the
 * busy-machine calibration and the noise verdict, shared/lab/machine.ts). Nothing when there are none.
 */
export function LabWarnings({ warnings }: { warnings: readonly string[] }) {
  const titleId = useId();
  if (warnings.length === 0) return null;
  return (
    <section className="warnings" aria-labelledby={titleId} data-testid="lab-warnings">
      <h3 id={titleId} className="warnings__title">
        Read these figures with care
      </h3>
      <ul className="warnings__list">
        {warnings.map((w) => (
          <li key={w}>{w}</li>
        ))}
      </ul>
    </section>
  );
}

/** What the machine check found when it found nothing, for the foot of a result. */
export function quietMachineWords(machine: {
  coresDeliveredBefore: number | null;
  cores: number;
  loadAverage: number | null;
}): string {
  const loop =
    machine.coresDeliveredBefore === null
      ? ''
      : ` a short loop on every core got ${machine.coresDeliveredBefore.toFixed(1)} of ${machine.cores} cores' worth of speed`;
  const load = machine.loadAverage === null ? '' : ` the load average was ${machine.loadAverage.toFixed(2)};`;
  return `Machine before the run:${load}${loop}.`;
}
