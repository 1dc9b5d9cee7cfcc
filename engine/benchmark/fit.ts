/** Amdahl's law fitted to one scope's pool runs, with its interval, and whether it may be trusted. */
import type { Transport } from '../pool/types';
import { DEFAULT_TRANSPORT } from '../pool/types';
import { fitAmdahlWithInterval } from './amdahl';
import { runFacts } from './summary';
import type { BenchmarkAmdahl, BenchmarkRun, BenchmarkScope } from './types';
import { amdahlTrust } from './warnings';

/**
 * The fit over one transport's pool runs of `scope`: the default transport if it was measured, else the
 * fastest at the largest worker count. Strips only: the job's whole-images runs are another curve (two
 * speedups per worker count would be fitted as one). Runs with more workers than cores are left out (the
 * cores limit them, not the pipeline) and said so in the note. null when no run with 2 to `cores` workers
 * is left.
 */
export function fitScope(
  scope: BenchmarkScope,
  runs: readonly BenchmarkRun[],
  transports: readonly Transport[],
  workers: readonly number[],
  cores: number,
  machineBusy: boolean,
): BenchmarkAmdahl | null {
  const pool = runs.filter((r) => r.scope === scope && r.mode === 'pool' && r.schedule === 'strips');
  const largest = Math.max(...workers);
  const fastest = pool
    .filter((r) => r.workers === largest)
    .sort((a, b) => a.medianMs - b.medianMs)[0]?.transport;
  const transport = transports.includes(DEFAULT_TRANSPORT) ? DEFAULT_TRANSPORT : fastest;
  if (!transport) return null;
  const ofTransport = pool.filter((r) => r.transport === transport);
  const fitted = ofTransport.filter((r) => r.workers <= cores);
  const leftOut = ofTransport.filter((r) => r.workers > cores).map((r) => r.workers);
  const fit = fitAmdahlWithInterval(fitted.map((r) => ({ workers: r.workers, speedups: r.pairSpeedups })));
  if (!fit) return null;
  const trust = amdahlTrust(
    fitted.filter((r) => r.workers > 1).map((r) => runFacts(r, runs)),
    machineBusy,
    leftOut,
    cores,
  );
  return { ...fit, scope, transport, ...trust };
}
