/**
 * Argument parsers for commander: each throws the OptionError every host uses for a bad option, in
 * its one voice ("--quality must be a whole number from 1 to 100, got "101""); main maps it to exit 2.
 */
import { BENCHMARK_SCOPES, type BenchmarkScopeChoice } from '../../shared/contract';
import { checkOneOf, expected, OptionError } from '../../shared/errors';
import { KERNEL_CHOICES, type KernelChoice, SCHEDULES, type Schedule } from '../../shared/kernels';
import { REQUEST_LIMITS } from '../../shared/limits';
import { POOL_KINDS, type PoolKind } from '../../shared/pools';
import { TRANSPORTS, type Transport } from '../../shared/transports';

// The API's limits, so that a command line and a request from the UI are refused alike.
const {
  maxWorkers: MAX_WORKERS,
  maxRepeat: MAX_REPEAT,
  maxTimeBudgetSeconds: MAX_TIME_BUDGET,
} = REQUEST_LIMITS;

/** The text as a whole number from min to max (digits only, surrounding spaces allowed), else undefined. */
function wholeNumberIn(text: string, min: number, max: number): number | undefined {
  const digits = text.trim();
  if (!/^\d+$/.test(digits)) return undefined;
  const n = Number(digits);
  return n >= min && n <= max ? n : undefined;
}

export function parseWorkerCount(value: string): number {
  const n = wholeNumberIn(value, 1, MAX_WORKERS);
  if (n === undefined) throw new OptionError('--workers', expected.wholeNumber(1, MAX_WORKERS), value);
  return n;
}

export function parseWorkerList(value: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  const counts = parts.map((p) => {
    const n = wholeNumberIn(p, 1, MAX_WORKERS);
    if (n === undefined) {
      throw new OptionError(
        '--workers',
        `worker counts from 1 to ${MAX_WORKERS} separated by commas, e.g. 1,2,4`,
        value,
        `"${p}" is not one`,
      );
    }
    return n;
  });
  return [...new Set(counts)];
}

export function parseTransportList(value: string): Transport[] {
  const parts = value.split(',').map((p) => p.trim());
  for (const p of parts) {
    if (!(TRANSPORTS as readonly string[]).includes(p)) {
      throw new OptionError('--transport', `${expected.oneOf(TRANSPORTS)}, or a comma list of them`, value);
    }
  }
  return [...new Set(parts as Transport[])];
}

export function parseRepeat(value: string): number {
  const n = wholeNumberIn(value, 1, MAX_REPEAT);
  if (n === undefined) throw new OptionError('--repeat', expected.wholeNumber(1, MAX_REPEAT), value);
  return n;
}

export function parseRuns(value: string): number {
  const n = wholeNumberIn(value, 1, MAX_REPEAT);
  if (n === undefined) throw new OptionError('--runs', expected.wholeNumber(1, MAX_REPEAT), value);
  return n;
}

/** The manager experiment's updates per worker: up to ten million (a few seconds by message). */
export function parseUpdates(value: string): number {
  const n = wholeNumberIn(value, 1, 10_000_000);
  if (n === undefined) throw new OptionError('--updates', expected.wholeNumber(1, 10_000_000), value);
  return n;
}

export function parseTimeBudget(value: string): number {
  const n = wholeNumberIn(value, 1, MAX_TIME_BUDGET);
  if (n === undefined) {
    throw new OptionError('--time-budget', `${expected.wholeNumber(1, MAX_TIME_BUDGET)} (seconds)`, value);
  }
  return n;
}

export function parseScope(value: string): BenchmarkScopeChoice {
  const scope = value.trim();
  checkOneOf('--scope', scope, BENCHMARK_SCOPES);
  return scope;
}

export function parseKernels(value: string): KernelChoice {
  const kernels = value.trim();
  checkOneOf('--kernels', kernels, KERNEL_CHOICES);
  return kernels;
}

export function parseSchedule(value: string): Schedule {
  const schedule = value.trim();
  checkOneOf('--schedule', schedule, SCHEDULES);
  return schedule;
}

export function parsePoolKind(value: string): PoolKind {
  const kind = value.trim();
  checkOneOf('--pool', kind, POOL_KINDS);
  return kind;
}

export function parseQuality(value: string): number {
  const n = wholeNumberIn(value, 1, 100);
  if (n === undefined) throw new OptionError('--quality', expected.wholeNumber(1, 100), value);
  return n;
}

/** Largest queue capacity `lab queue` takes: far more than any batch of photos could fill. */
export const MAX_QUEUE_CAPACITY = 1000;

/** `--capacities 1,4,0`: queue capacities for `lab queue`, 0 meaning unbounded. */
export function parseCapacities(value: string): number[] {
  const parts = value.split(',').map((p) => p.trim());
  return [
    ...new Set(
      parts.map((p) => {
        const n = wholeNumberIn(p, 0, MAX_QUEUE_CAPACITY);
        if (n === undefined) {
          throw new OptionError(
            '--capacities',
            `queue capacities from 0 (unbounded) to ${MAX_QUEUE_CAPACITY} separated by commas, e.g. 1,4,0`,
            value,
            `"${p}" is not one`,
          );
        }
        return n;
      }),
    ),
  ];
}

export function parseRounds(value: string): number {
  const n = wholeNumberIn(value, 1, MAX_REPEAT);
  if (n === undefined) throw new OptionError('--rounds', expected.wholeNumber(1, MAX_REPEAT), value);
  return n;
}
