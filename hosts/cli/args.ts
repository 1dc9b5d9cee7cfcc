/**
 * Argument parsers for commander: each throws the OptionError every host uses for a bad option, in
 * its one voice ("--quality must be a whole number from 1 to 100, got "101""); main maps it to exit 2.
 */
import { HOST_NAME_PATTERN } from '../../engine/distributed/host-registry';
import { BENCHMARK_SCOPES, type BenchmarkScopeChoice } from '../../shared/contract';
import { checkOneOf, expected, OptionError } from '../../shared/errors';
import { KERNEL_CHOICES, type KernelChoice, SCHEDULES, type Schedule } from '../../shared/kernels';
import { LAB_QUEUE_MAX_CAPACITY } from '../../shared/lab';
import { MACHINES_MAX_HOSTS } from '../../shared/lab/machines';
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

/** A parser of `option`: a whole number from min to max; `unit` is said after the range ("seconds"). */
function wholeNumberOption(
  option: string,
  min: number,
  max: number,
  unit?: string,
): (value: string) => number {
  const wanted = unit ? `${expected.wholeNumber(min, max)} (${unit})` : expected.wholeNumber(min, max);
  return (value) => {
    const n = wholeNumberIn(value, min, max);
    if (n === undefined) throw new OptionError(option, wanted, value);
    return n;
  };
}

/** A parser of `option`: one of `choices`, surrounding spaces allowed. */
function oneOfOption<T extends string>(option: string, choices: readonly T[]): (value: string) => T {
  return (value) => {
    const choice = value.trim();
    checkOneOf(option, choice, choices);
    return choice;
  };
}

export const parseWorkerCount = wholeNumberOption('--workers', 1, MAX_WORKERS);

/** A comma list of whole numbers from 1 to `max`, each once, in the order given. */
function wholeNumberList(option: string, max: number, what: string, example: string) {
  return (value: string): number[] => {
    const counts = value
      .split(',')
      .map((p) => p.trim())
      .map((p) => {
        const n = wholeNumberIn(p, 1, max);
        if (n === undefined)
          throw new OptionError(
            option,
            `${what} from 1 to ${max} separated by commas, e.g. ${example}`,
            value,
            `"${p}" is not one`,
          );
        return n;
      });
    return [...new Set(counts)];
  };
}

export const parseWorkerList = wholeNumberList('--workers', MAX_WORKERS, 'worker counts', '1,2,4');

export function parseTransportList(value: string): Transport[] {
  const parts = value.split(',').map((p) => p.trim());
  for (const p of parts) {
    if (!(TRANSPORTS as readonly string[]).includes(p)) {
      throw new OptionError('--transport', `${expected.oneOf(TRANSPORTS)}, or a comma list of them`, value);
    }
  }
  return [...new Set(parts as Transport[])];
}

export const parseRepeat = wholeNumberOption('--repeat', 1, MAX_REPEAT);

/** Numbers of worker hosts to compare, comma-separated (the machines experiment; 1 is always run). */
export const parseHostCounts = wholeNumberList(
  '--hosts',
  MACHINES_MAX_HOSTS,
  'numbers of worker hosts',
  '1,2',
);
export const parseRuns = wholeNumberOption('--runs', 1, MAX_REPEAT);
export const parseRounds = wholeNumberOption('--rounds', 1, MAX_REPEAT);
/** The manager experiment's updates per worker: up to ten million (a few seconds by message). */
export const parseUpdates = wholeNumberOption('--updates', 1, 10_000_000);
export const parseTimeBudget = wholeNumberOption('--time-budget', 1, MAX_TIME_BUDGET, 'seconds');
export const parseQuality = wholeNumberOption('--quality', 1, 100);

export const parseScope = oneOfOption<BenchmarkScopeChoice>('--scope', BENCHMARK_SCOPES);
export const parseKernels = oneOfOption<KernelChoice>('--kernels', KERNEL_CHOICES);
export const parseSchedule = oneOfOption<Schedule>('--schedule', SCHEDULES);
export const parsePoolKind = oneOfOption<PoolKind>('--pool', POOL_KINDS);

/** Largest queue capacity `lab queue` takes: far more than any batch of photos could fill. */
export const MAX_QUEUE_CAPACITY = LAB_QUEUE_MAX_CAPACITY;

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

/**
 * The stall interval: the longest a dead host's job waits before another takes it (queue-client.ts,
 * stallTimings). From 2 s, so a lock lasts a second at least and a busy host renews it in time.
 */
export const parseStallSeconds = wholeNumberOption('--stall-seconds', 2, 3600, 'seconds');
/** Seconds a stopping worker host waits for its running jobs before it abandons them. */
export const parseDrainSeconds = wholeNumberOption('--drain-seconds', 0, 86_400, 'seconds');
/** Images a worker host takes from the queue at once. */
export const parseJobs = wholeNumberOption('--jobs', 1, 1024);

/** A worker host's name as results and logs show it: a host name's characters, short. */
export function parseHostName(value: string): string {
  const name = value.trim();
  if (!HOST_NAME_PATTERN.test(name)) {
    throw new OptionError('--name', 'a name of letters, digits, ".", "_" or "-", at most 63 long', value);
  }
  return name;
}

/** The folders a worker host serves, comma-separated. */
export function parseRoots(value: string): string[] {
  const roots = value
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  if (roots.length === 0) throw new OptionError('--roots', 'folders separated by commas', value);
  return roots;
}
