/**
 * The machines experiment from the command line (engine/distributed/machines.ts): `pixelpool bench
 * <photos> --redis <url> --out <dir>` prints the throughput by number of worker hosts, and `pixelpool lab
 * machines` the same with every count's timeline, its lanes grouped by host. Progress goes to stderr, so
 * `--json > report.json` stays clean.
 */
import { SingleBar } from 'cli-progress';
import { runMachines } from '../../engine/distributed/machines';
import { parseRedisUrl } from '../../engine/distributed/redis-url';
import { checkFiltersOnly } from '../../engine/edit/plan';
import { loadPipeline } from '../../engine/pipeline-spec';
import { OptionError } from '../../shared/errors';
import type { KernelChoice } from '../../shared/kernels';
import { DEFAULT_POOL_KIND } from '../../shared/pools';
import { labInputs } from './lab-inputs';
import { formatMachines } from './machines-text';
import { handleInterrupts } from './signals';

export interface MachinesCommandOptions {
  filters: string;
  redis: string;
  out: string;
  hosts?: number[];
  runs?: number;
  kernels?: KernelChoice;
  json?: boolean;
}

export async function machinesCommand(
  inputs: string[],
  opts: MachinesCommandOptions,
  view: { timelines: boolean; command: string },
): Promise<number> {
  const redis = parseRedisUrl(opts.redis);
  const { steps } = await loadPipeline(opts.filters);
  checkFiltersOnly(steps, view.command);
  const files = await labInputs(inputs);
  const bar = new SingleBar({
    stream: process.stderr,
    format: ' {bar} {value}/{total} runs | {label}',
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
  });
  let started = false;
  const interrupts = handleInterrupts(() => {
    if (started) bar.stop();
    process.stderr.write(
      'Cancelling: removing the waiting jobs, then the scratch folder (Ctrl-C again to quit now)…\n',
    );
  });
  try {
    const report = await interrupts.guard(() =>
      runMachines(
        {
          files,
          steps,
          outDir: opts.out,
          redis,
          hostCounts: opts.hosts,
          runs: opts.runs,
          kernels: opts.kernels,
        },
        {
          signal: interrupts.signal,
          log: (line) => process.stderr.write(`${view.command}: ${line}\n`),
          onStep(done, total, label) {
            if (interrupts.signal.aborted) return;
            if (!started) {
              bar.start(total, done, { label });
              started = true;
            } else bar.update(done, { label });
          },
        },
      ),
    );
    if (started) bar.stop();
    process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatMachines(report, view));
    return 0;
  } catch (err) {
    if (started) bar.stop();
    if (interrupts.signal.aborted) {
      process.stderr.write(`${view.command}: cancelled, no report.\n`);
      return interrupts.cancelledExitCode;
    }
    throw err;
  } finally {
    interrupts.dispose();
  }
}

export interface BenchOnHostsOptions {
  filters: string;
  redis: string;
  out?: string;
  hosts?: number[];
  repeat?: number;
  kernels?: KernelChoice;
  json?: boolean;
  workers?: number[];
  transport?: unknown[];
  pool?: string;
  timeBudget?: number;
  scope?: string;
}

/**
 * `pixelpool bench … --redis <url> --out <dir>`: the benchmark's machine axis. The options of the
 * single-machine benchmark that belong to the hosts (their workers, pool, transport) or to its serial
 * pairs (scope, time budget) are refused rather than ignored.
 */
export async function benchOnHosts(inputs: string[], opts: BenchOnHostsOptions): Promise<number> {
  if (opts.out === undefined)
    throw new OptionError(
      '--out',
      'given with --redis',
      undefined,
      "a folder on the storage every host shares, for the runs' outputs",
    );
  const hostsOwn: [string, unknown][] = [
    ['--workers', opts.workers],
    ['--transport', opts.transport],
    ['--time-budget', opts.timeBudget],
  ];
  for (const [flag, value] of hostsOwn)
    if (value !== undefined)
      throw new OptionError(
        flag,
        'left out with --redis',
        value as string,
        'the worker hosts run their own pools (pixelpool worker --workers, --pool)',
      );
  if (opts.pool !== undefined && opts.pool !== DEFAULT_POOL_KIND)
    throw new OptionError(
      '--pool',
      'left out with --redis',
      opts.pool,
      'the worker hosts run their own pools (pixelpool worker --pool)',
    );
  if (opts.scope !== undefined && opts.scope !== 'both')
    throw new OptionError(
      '--scope',
      'left out with --redis',
      opts.scope,
      'the machine axis times whole jobs: file in, file written',
    );
  return machinesCommand(
    inputs,
    {
      filters: opts.filters,
      redis: opts.redis,
      out: opts.out,
      hosts: opts.hosts,
      runs: opts.repeat,
      kernels: opts.kernels,
      json: opts.json,
    },
    { timelines: false, command: 'pixelpool bench' },
  );
}
