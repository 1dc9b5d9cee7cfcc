import { roundEstimate } from '../../lib/estimate';
import './RunEstimate.css';

interface BeforeProps {
  /** null when the run cannot start yet (nothing to estimate). */
  estimate: { seconds: number; bound: 'about' | 'at most' } | null;
  /** Where the rate came from, in words ("your benchmark of this pipeline at 10:42"). */
  from: string;
}

/** Before a run: how long it should take, said to be an estimate and from what. */
export function RunEstimate({ estimate, from }: BeforeProps) {
  if (!estimate) return null;
  return (
    <p className="run-estimate" data-testid="benchmark-estimate">
      <span className="run-estimate__value">
        Estimated time: {estimate.bound} {roundEstimate(estimate.seconds)}
      </span>{' '}
      <span className="run-estimate__from">(an estimate, from {from})</span>
    </p>
  );
}
