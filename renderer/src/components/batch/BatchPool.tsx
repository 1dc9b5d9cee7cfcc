import { POOL_KIND_INFO } from '../../../../shared/pools';
import type { BatchSummary } from '../../api/types';
import './BatchPool.css';

interface Props {
  pool: BatchSummary['pool'];
}

/** What the batch's workers were: threads, child processes, or no pool at all (serial). */
export function BatchPool({ pool }: Props) {
  return (
    <p className="batch-pool" data-testid="batch-pool-ran" data-pool={pool ?? 'serial'}>
      Workers: <strong>{pool === null ? 'none (serial, one thread)' : POOL_KIND_INFO[pool].title}</strong>
      {pool === 'processes' ? (
        <span className="muted"> · every strip copied to a child process and back</span>
      ) : null}
    </p>
  );
}
