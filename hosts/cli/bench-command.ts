import { SingleBar } from 'cli-progress';
import { collectInputs } from '../../engine/batch/inputs';
import { formatReport, runBenchmark } from '../../engine/benchmark/index';
import { checkFiltersOnly } from '../../engine/edit/plan';
import { loadPipeline } from '../../engine/pipeline-spec';
import type { Transport } from '../../engine/pool/index';
import type { BenchmarkScopeChoice } from '../../shared/contract';
import { OptionError } from '../../shared/errors';
import type { KernelChoice } from '../../shared/kernels';
import type { PoolKind } from '../../shared/pools';
import { handleInterrupts } from './signals';

export interface BenchCommandOptions {
  filters: string;
  workers?: number[];
  transport?: Transport[];
  scope?: BenchmarkScopeChoice;
  /** The kernels every contender runs; the engine's default (DEFAULT_KERNELS) when left out. */
  kernels?: KernelChoice;
  /** Threads or child processes for every pool. */
  pool?: PoolKind;
  /** Fixed mode; the engine's default (5) when neither it nor timeBudget is given. */
  repeat?: number;
  /** Adaptive mode, seconds; exclusive with repeat. */
  timeBudget?: number;
  json?: boolean;
}

/**
 * `pixelpool bench`: the engine's benchmark, printed as its table or (--json) as one JSON object on
 * stdout. Progress goes to stderr only, so `--json > report.json` stays clean.
 */
export async function benchCommand(inputs: string[], opts: BenchCommandOptions): Promise<number> {
  if (opts.repeat !== undefined && opts.timeBudget !== undefined) {
    throw new OptionError(
      '--time-budget',
      'left out when --repeat is given',
      opts.timeBudget,
      'use one or the other',
    );
  }
  const { steps } = await loadPipeline(opts.filters);
  checkFiltersOnly(steps, 'the benchmark');
  const { files, problems } = await collectInputs(inputs);
  if (problems.length > 0) {
    throw new OptionError(
      'the inputs',
      'readable image files or folders',
      inputs,
      problems.map((p) => p.error).join('; '),
    );
  }
  if (files.length === 0) throw new OptionError('the inputs', 'image files or folders with images', inputs);

  const bar = new SingleBar({
    stream: process.stderr,
    format: ' {bar} {percentage}% | ETA {eta_formatted} | {label}',
    etaBuffer: 40,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
  });
  let barStarted = false;
  const interrupts = handleInterrupts(() => {
    if (barStarted) bar.stop();
    process.stderr.write('Cancelling the benchmark (Ctrl-C again to quit now)…\n');
  });
  try {
    const report = await interrupts.guard(() =>
      runBenchmark(
        {
          files,
          steps,
          workers: opts.workers,
          transports: opts.transport,
          scope: opts.scope,
          kernels: opts.kernels,
          pool: opts.pool,
          repeat: opts.repeat,
          timeBudgetSeconds: opts.timeBudget,
        },
        {
          signal: interrupts.signal,
          onProgress(progress) {
            if (interrupts.signal.aborted) return;
            if (!barStarted) {
              bar.start(progress.total, progress.done, { label: progress.label });
              barStarted = true;
            } else {
              // The adaptive mode's total moves as its estimate of the rounds left does.
              if (progress.total !== bar.getTotal()) bar.setTotal(progress.total);
              bar.update(progress.done, { label: progress.label });
            }
          },
        },
      ),
    );
    if (barStarted) bar.stop();
    // formatReport returns lines without a final newline: end the output with one (else the shell's
    // prompt lands on the last line).
    process.stdout.write(`${opts.json ? JSON.stringify(report, null, 2) : formatReport(report)}\n`);
    return 0;
  } catch (err) {
    if (barStarted) bar.stop();
    if (interrupts.signal.aborted) {
      process.stderr.write('pixelpool bench: cancelled, no report.\n');
      return interrupts.cancelledExitCode;
    }
    throw err;
  } finally {
    interrupts.dispose();
  }
}
