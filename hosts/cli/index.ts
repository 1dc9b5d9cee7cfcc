/**
 * The `pixelpool` command line (bundled to out/main/hosts/cli.js; bin/pixelpool.js loads it):
 *
 *   pixelpool bench <files|folders…> --filters <spec> [--workers 1,2,4] [--transport copy|transfer|shared]
 *                   [--scope filter|job|both] [--kernels js|wasm] [--pool threads|processes]
 *                   [--repeat 5 | --time-budget SECONDS]
 *                   [--json]
 *   pixelpool batch <files|folders…> --out <dir> (--filters <spec> | --preset <name>) [--workers N | --serial]
 *                   [--kernels wasm|js] [--schedule auto|strips|images] [--pool threads|processes]
 *                   [--format same|jpeg|png|webp|avif] [--quality 80] [--name "{name}-edited.{ext}"]
 *                   [--on-conflict suffix|skip|overwrite] [--keep-folders] [--metadata keep|strip] [--strip-gps]
 *   pixelpool lab race <image> [--workers N] [--runs 5] [--json]
 *   pixelpool lab pool [images|folders…] [--workers N] [--filters spec] [--rounds 3] [--json]
 *   pixelpool lab queue [images|folders…] [--workers N] [--filters spec] [--capacities 1,4,0] [--json]
 *   pixelpool lab processes [images|folders…] [--workers N] [--filters spec] [--runs 3] [--json]
 *   pixelpool lab cores [images|folders…] [--filters spec] [--max-workers N] [--runs 3] [--json]
 *   pixelpool lab manager [--workers N] [--updates 100000] [--json]
 *   pixelpool lab pipe [images|folders…] [--workers N] [--runs 5] [--json]
 *   pixelpool lab machines [images|folders…] --redis <url> --out <dir> [--hosts 1,2] [--filters spec] [--runs 3] [--json]
 *   pixelpool bench <files|folders…> --filters <spec> --redis <url> --out <dir> [--hosts 1,2] [--repeat 3] [--json]
 *                                       (the machine axis: throughput by number of worker hosts)
 *   pixelpool batch … --redis <url>      (the same batch, run by worker hosts through the queue)
 *   pixelpool worker --redis <url> [--workers N] [--pool threads|processes] [--name HOST] [--roots <dir,...>]
 *                    [--jobs N] [--stall-seconds 10] [--drain-seconds 60]
 *   pixelpool filters
 *   pixelpool presets [--json]
 *
 * Exit codes: 0 success; 1 a run that failed (some files, the output folder, the benchmark);
 * 2 a bad option (unknown filter, bad parameter value, missing option); 130 cancelled by SIGINT
 * (Ctrl-C), 143 by SIGTERM.
 * Results go to stdout, progress and errors to stderr.
 */
import { Command, CommanderError, Option } from 'commander';
import {
  BatchError,
  CONFLICT_POLICIES,
  DEFAULT_NAME_PATTERN,
  OutputFolderError,
} from '../../engine/batch/index';
import { DEFAULT_REPEAT } from '../../engine/benchmark/index';
import { EnrolmentTakenError } from '../../engine/distributed/enrolment';
import { MachinesError } from '../../engine/distributed/machines';
import { DEFAULT_STALL_SECONDS } from '../../engine/distributed/queue-client';
import { QueueUnreachableError } from '../../engine/distributed/submit';
import { DEFAULT_QUALITY, ImageError } from '../../engine/images/index';
import { PipelineError, PipelineSpecError } from '../../engine/pipeline-spec';
import { DEFAULT_TRANSPORT } from '../../engine/pool/index';
import { version } from '../../package.json';
import { OptionError } from '../../shared/errors';
import { DEFAULT_OUTPUT_FORMAT, LOSSY_FORMATS, OUTPUT_FORMAT_CHOICES } from '../../shared/formats';
import {
  DEFAULT_KERNELS,
  DEFAULT_SCHEDULE,
  KERNEL_CHOICES,
  KERNEL_INFO,
  SCHEDULES,
} from '../../shared/kernels';
import {
  CORES_DEFAULT_STEPS,
  LAB_POOL_FILTERS,
  LAB_QUEUE_CAPACITIES,
  LAB_QUEUE_FILTERS,
  MANAGER_DEFAULT_UPDATES,
  PROCESSES_DEFAULT_STEPS,
  pipelineSpecOf,
} from '../../shared/lab';
import { MACHINES_DEFAULT_RUNS } from '../../shared/lab/machines';
import { DEFAULT_METADATA_MODE, METADATA_MODES } from '../../shared/metadata';
import { NAME_TOKENS } from '../../shared/naming';
import { DEFAULT_POOL_KIND, POOL_KINDS } from '../../shared/pools';
import { redactUrls } from '../../shared/redis-url';
import { TRANSPORTS } from '../../shared/transports';
import {
  parseCapacities,
  parseDrainSeconds,
  parseHostCounts,
  parseHostName,
  parseJobs,
  parseKernels,
  parsePoolKind,
  parseQuality,
  parseRepeat,
  parseRoots,
  parseRounds,
  parseRuns,
  parseSchedule,
  parseScope,
  parseStallSeconds,
  parseTimeBudget,
  parseTransportList,
  parseUpdates,
  parseWorkerCount,
  parseWorkerList,
} from './args';
import { batchCommand } from './batch-command';
import { benchCommand } from './bench-command';
import { catalogueJson, formatCatalogue } from './filters-command';
import { poolCommand, queueCommand, raceCommand } from './lab-command';
import { coresCommand } from './lab-cores-command';
import { managerCommand } from './lab-manager-command';
import { pipeCommand } from './lab-pipe-command';
import { processesCommand } from './lab-processes-command';
import { benchOnHosts, machinesCommand } from './machines-command';
import { presetsCommand } from './presets-command';
import { exitOnEarlySignals } from './signals';
import { suggestionFor } from './suggest';
import { DEFAULT_DRAIN_SECONDS, workerCommand } from './worker-command';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('pixelpool')
    .description('Edit batches of photos with image filters, on every CPU core, and measure the speedup.')
    .version(version)
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`pixelpool: ${text.replace(/^error: /, '')}`) });

  program
    .command('bench')
    .description(
      'time a pipeline on images: the serial baseline against the pool at each worker count and transport; the whole job in strips and in whole images, and against a sharp script',
    )
    .argument('<inputs...>', 'image files and folders (searched recursively)')
    .requiredOption('--filters <spec>', 'pipeline, e.g. "gaussian-blur:sigma=3,sobel", or @preset.json')
    .option(
      '--workers <list>',
      'worker counts to run, comma-separated (default: 1 and the number of cores)',
      parseWorkerList,
    )
    .option(
      '--transport <list>',
      `${TRANSPORTS.join(', ')}; a comma list compares them (default: ${DEFAULT_TRANSPORT})`,
      parseTransportList,
    )
    .option(
      '--scope <scope>',
      'filter (decoded pixels in and out), job (file in, encoded bytes out: decode, filter, encode), or both',
      parseScope,
      'both',
    )
    .option(
      '--kernels <kernels>',
      `${KERNEL_CHOICES.map((k) => `${k} (${KERNEL_INFO[k].title})`).join(' or ')}, for every run: the pool and the serial baseline`,
      parseKernels,
      DEFAULT_KERNELS,
    )
    .option(
      '--pool <kind>',
      `${POOL_KINDS.join(' or ')}: worker threads, or child processes (whose one transport is copy)`,
      parsePoolKind,
      DEFAULT_POOL_KIND,
    )
    .option(
      '--repeat <n>',
      `fixed mode: rounds, each a serial and a pool run side by side per configuration (default ${DEFAULT_REPEAT})`,
      parseRepeat,
    )
    .option(
      '--time-budget <seconds>',
      'adaptive mode: repeat until every speedup is known within ±3%, or the seconds are spent',
      parseTimeBudget,
    )
    .option(
      '--redis <url>',
      'the machine axis: the same batch on 1, 2, … worker hosts (`pixelpool worker`) through this Redis, throughput by number of hosts',
    )
    .option(
      '--out <dir>',
      "with --redis: a folder on the storage every host shares, for the runs' outputs (removed after)",
    )
    .option(
      '--hosts <list>',
      'with --redis: numbers of worker hosts to compare, e.g. 1,2 (default: 1 to every host)',
      parseHostCounts,
    )
    .option('--json', 'print one JSON object on stdout instead of the table')
    .action(async (inputs: string[], opts) =>
      setExitCode(
        opts.redis === undefined ? await benchCommand(inputs, opts) : await benchOnHosts(inputs, opts),
      ),
    );

  program
    .command('batch')
    .description('apply a pipeline to files and folders, writing the results to an output folder')
    .argument('<inputs...>', 'image files and folders (searched recursively)')
    .requiredOption('--out <dir>', 'output folder (created if missing; inputs are never written)')
    .option('--filters <spec>', 'pipeline, e.g. "gaussian-blur:sigma=3,sobel", or @preset.json')
    .option('--preset <name>', 'a named preset, as the app saves them (`pixelpool presets` lists them)')
    .option('--workers <n>', 'worker threads (default: one per core)', parseWorkerCount)
    .option('--serial', 'the baseline: the whole job on one core (one image at a time, no pool)')
    .option(
      '--kernels <kernels>',
      `${KERNEL_CHOICES.map((k) => `${k} (${KERNEL_INFO[k].title})`).join(' or ')}: the same bytes, only the speed differs`,
      parseKernels,
      DEFAULT_KERNELS,
    )
    .option(
      '--pool <kind>',
      `${POOL_KINDS.join(' or ')}: worker threads, or child processes that get every strip as a message`,
      parsePoolKind,
      DEFAULT_POOL_KIND,
    )
    .option(
      '--schedule <schedule>',
      `${SCHEDULES.join(', ')}: strips of each image across the workers, whole images per worker, or strips but whole for images too short to share`,
      parseSchedule,
      DEFAULT_SCHEDULE,
    )
    .addOption(
      new Option('--format <format>', "output format; same: the input's (PNG where it cannot be written)")
        .choices(OUTPUT_FORMAT_CHOICES)
        .default(DEFAULT_OUTPUT_FORMAT),
    )
    .option('--quality <n>', `quality 1-100 for ${LOSSY_FORMATS.join(', ')}`, parseQuality, DEFAULT_QUALITY)
    .addOption(
      new Option(
        '--metadata <mode>',
        'keep: EXIF, XMP, IPTC, density, colour tagged sRGB; strip: pixels only',
      )
        .choices(METADATA_MODES)
        .default(DEFAULT_METADATA_MODE),
    )
    .option('--strip-gps', 'keep the metadata but not the GPS location (EXIF and XMP)')
    .option('--name <pattern>', `output name: ${NAME_TOKENS.join(', ')} ({dir} first)`, DEFAULT_NAME_PATTERN)
    .option('--keep-folders', 'mirror the input folders under --out ({dir} in front of --name)')
    .addOption(
      new Option('--on-conflict <policy>', 'when the output name exists')
        .choices(CONFLICT_POLICIES)
        .default('suffix'),
    )
    .option(
      '--redis <url>',
      'run the batch on worker hosts (`pixelpool worker`) through this Redis: redis://[user:password@]host[:port][/db], rediss:// for TLS',
    )
    .action(async (inputs: string[], opts) => setExitCode(await batchCommand(inputs, opts)));

  program
    .command('worker')
    .description(
      'a worker host of distributed batches: takes image jobs from the queue in Redis and runs them on this machine (docs/distributed.md)',
    )
    .requiredOption(
      '--redis <url>',
      'redis://[user:password@]host[:port][/db], rediss:// for TLS (PIXELPOOL_REDIS_PASSWORD may hold the password)',
    )
    .option('--workers <n>', 'worker threads (default: one per core)', parseWorkerCount)
    .option(
      '--pool <kind>',
      `${POOL_KINDS.join(' or ')}: worker threads, or child processes that get every strip as a message`,
      parsePoolKind,
      DEFAULT_POOL_KIND,
    )
    .option('--name <host>', "this host's name in results and logs (default: the host name)", parseHostName)
    .option(
      '--roots <dirs>',
      'folders, comma-separated, that jobs may read and write (default: the current folder)',
      parseRoots,
    )
    .option(
      '--jobs <n>',
      'images taken at once (default: as many as a local batch keeps in flight)',
      parseJobs,
    )
    .option(
      '--stall-seconds <n>',
      `if this host dies, the longest its jobs wait before another host takes them (default ${DEFAULT_STALL_SECONDS})`,
      parseStallSeconds,
    )
    .option(
      '--drain-seconds <n>',
      `on SIGTERM, how long to finish the running jobs before abandoning them (default ${DEFAULT_DRAIN_SECONDS})`,
      parseDrainSeconds,
      DEFAULT_DRAIN_SECONDS,
    )
    .action(async (opts) => setExitCode(await workerCommand(opts)));

  const lab = program
    .command('lab')
    .description('the multiprocessing lab: one experiment per idea, on your own photo');
  lab
    .command('race')
    .description(
      "shared memory done wrong and right: worker threads count a photo's histogram into one shared array, unsynchronised, atomic, with a lock, and privately",
    )
    .argument('<image>', 'a photo')
    .option('--workers <n>', 'worker threads (default: one per core)', parseWorkerCount)
    .option('--runs <n>', 'timed runs of each variant, taking turns, after a warm-up (default 5)', parseRuns)
    .option('--json', 'print one JSON object on stdout instead of the table')
    .action(async (image: string, opts) => setExitCode(await raceCommand(image, opts)));
  lab
    .command('pool')
    .description(
      "Python's Pool.apply, apply_async, map, imap and imap_unordered on your photos: when each method hands each result back",
    )
    .argument('[inputs...]', 'image files and folders (default: the sample photos)')
    .option('--workers <n>', 'worker threads (default: one per core)', parseWorkerCount)
    .option(
      '--filters <spec>',
      'pipeline, e.g. "gaussian-blur:sigma=3,sobel", or @preset.json',
      LAB_POOL_FILTERS,
    )
    .option(
      '--rounds <n>',
      'rounds of every method, taking turns; each shows its median round',
      parseRounds,
      3,
    )
    .option('--json', 'print one JSON object on stdout instead of the table')
    .action(async (inputs: string[], opts) => setExitCode(await poolCommand(inputs, opts)));
  lab
    .command('queue')
    .description(
      'producer and consumers joined by bounded queues (queue.Queue(maxsize)): decode, filter and encode your photos at each queue capacity, memory and throughput',
    )
    .argument('[inputs...]', 'image files and folders (default: the sample photos)')
    .option('--workers <n>', 'worker threads (default: one per core)', parseWorkerCount)
    .option(
      '--filters <spec>',
      'pipeline, e.g. "gaussian-blur:sigma=3,sobel", or @preset.json (default: a filter slower than decoding)',
      LAB_QUEUE_FILTERS,
    )
    .option('--capacities <list>', 'queue capacities to run, comma-separated, 0 unbounded', parseCapacities, [
      ...LAB_QUEUE_CAPACITIES,
    ])
    .option('--json', 'print one JSON object on stdout instead of the table')
    .action(async (inputs: string[], opts) => setExitCode(await queueCommand(inputs, opts)));

  lab
    .command('machines')
    .description(
      "many machines: the same batch on 1, 2, … worker hosts through a job queue (BullMQ on Redis), throughput by number of hosts and every worker's timeline grouped by host",
    )
    .argument(
      '[inputs...]',
      'image files and folders on storage every host shares (default: the sample photos)',
    )
    .requiredOption(
      '--redis <url>',
      'the Redis the worker hosts (`pixelpool worker`) listen on: redis://[user:password@]host[:port][/db], rediss:// for TLS',
    )
    .requiredOption(
      '--out <dir>',
      "a folder on the shared storage, inside the hosts' --roots, for the runs' outputs (removed after)",
    )
    .option('--filters <spec>', 'pipeline, e.g. "gaussian-blur:sigma=3"', pipelineSpecOf(CORES_DEFAULT_STEPS))
    .option(
      '--hosts <list>',
      'numbers of worker hosts to compare, e.g. 1,2 (default: 1 to every host announced)',
      parseHostCounts,
    )
    .option(
      '--runs <n>',
      `rounds, every count once a round, taking turns (default ${MACHINES_DEFAULT_RUNS})`,
      parseRuns,
    )
    .option('--json', 'print one JSON object on stdout instead of the table')
    .action(async (inputs: string[], opts) =>
      setExitCode(
        await machinesCommand(inputs, opts, { timelines: true, command: 'pixelpool lab machines' }),
      ),
    );

  lab
    .command('cores')
    .description(
      'oversubscription: the same photos through pools of 1 to twice the cores, and where adding workers stops helping',
    )
    .argument('[inputs...]', 'image files and folders (default: the sample photos)')
    .option('--filters <spec>', 'pipeline, e.g. "gaussian-blur:sigma=3"', pipelineSpecOf(CORES_DEFAULT_STEPS))
    .option('--max-workers <n>', 'the largest pool (default: twice the cores)', parseWorkerCount)
    .option(
      '--runs <n>',
      'timed runs of each worker count, taking turns, after a warm-up (default 3)',
      parseRuns,
    )
    .option('--json', 'print one JSON object on stdout instead of the table')
    .action(async (inputs: string[], opts) => setExitCode(await coresCommand(inputs, opts)));

  lab
    .command('processes')
    .description(
      "threads against processes on your photos: start-up, memory per worker, a photo's round trip, speedup",
    )
    .argument('[inputs...]', 'image files and folders (default: the sample photos)')
    .option('--workers <n>', 'workers of each kind (default: one per core)', parseWorkerCount)
    .option(
      '--filters <spec>',
      'pipeline, e.g. "gaussian-blur:sigma=3"',
      pipelineSpecOf(PROCESSES_DEFAULT_STEPS),
    )
    .option('--runs <n>', 'timed runs of each figure (default 3)', parseRuns)
    .option('--json', 'print one JSON object on stdout instead of the table')
    .action(async (inputs: string[], opts) => setExitCode(await processesCommand(inputs, opts)));

  lab
    .command('manager')
    .description(
      'state behind a proxy: progress updates sent to a manager, against a counter in shared memory',
    )
    .option('--workers <n>', 'worker threads (default: one per core)', parseWorkerCount)
    .option(
      '--updates <n>',
      `updates each worker reports (default ${MANAGER_DEFAULT_UPDATES})`,
      parseUpdates,
      MANAGER_DEFAULT_UPDATES,
    )
    .option('--json', 'print one JSON object on stdout instead of the table')
    .action(async (opts) => setExitCode(await managerCommand(opts)));

  lab
    .command('pipe')
    .description(
      "a pipe's two ends against a queue's many producers: a small message's round trip and a photo's MB/s through a MessageChannel to a thread, a pipe to a child process, and N threads putting into one queue",
    )
    .argument('[inputs...]', 'image files and folders; the first photo is sent (default: the sample photos)')
    .option('--workers <n>', "the queue's producer threads (default: one per core)", parseWorkerCount)
    .option('--runs <n>', 'timed runs of each channel, taking turns, after a warm-up (default 5)', parseRuns)
    .option('--json', 'print one JSON object on stdout instead of the table')
    .action(async (inputs: string[], opts) => setExitCode(await pipeCommand(inputs, opts)));

  program
    .command('presets')
    .description('list the named presets (the app saves them; batch --preset <name> runs one)')
    .option('--json', 'as JSON')
    .action(async (opts: { json?: boolean }) => {
      process.stdout.write(await presetsCommand(opts.json === true));
      setExitCode(EXIT_OK);
    });

  program
    .command('filters')
    .description('list the filters with their parameters, defaults and bounds')
    .option('--json', 'as JSON')
    .action((opts: { json?: boolean }) => {
      process.stdout.write(opts.json ? catalogueJson() : formatCatalogue());
      setExitCode(EXIT_OK);
    });

  return program;
}

/**
 * Errors that mean "the command line is wrong": exit code 2, the message alone. Only these: an
 * engine invariant that fails is a bug, however it is typed, and gets exit 1 with its stack.
 */
function isUsageError(err: unknown): err is Error {
  return err instanceof OptionError || err instanceof PipelineSpecError || err instanceof PipelineError;
}

/** Errors about the user's files or folders: exit 1, and their message says all there is. */
function isInputError(err: unknown): err is Error {
  return (
    err instanceof ImageError ||
    err instanceof OutputFolderError ||
    err instanceof BatchError ||
    err instanceof QueueUnreachableError ||
    err instanceof MachinesError ||
    err instanceof EnrolmentTakenError
  );
}

/** The exit code and the text for an error a command threw: the user's mistake, their files, or a bug. */
export function errorReport(err: unknown): { code: number; text: string } {
  if (isUsageError(err)) return { code: EXIT_USAGE, text: `${err.message}${suggestionFor(err)}` };
  if (isInputError(err)) return { code: EXIT_FAILED, text: err.message };
  return { code: EXIT_FAILED, text: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

export async function main(argv: readonly string[]): Promise<number> {
  exitOnEarlySignals();
  let exitCode = EXIT_OK;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv as string[]);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and --version "fail" with exit code 0; everything else commander rejects is a usage error.
      return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    const { code, text } = errorReport(err);
    // A Redis URL's password must not reach the terminal even in a bug's stack.
    process.stderr.write(`pixelpool: ${redactUrls(text)}\n`);
    return code;
  }
}

if (require.main === module) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
      // Should anything keep the event loop alive after the work is done, do not hang the shell.
      setTimeout(() => process.exit(code), 3000).unref();
    },
    (err: unknown) => {
      process.stderr.write(`pixelpool: ${redactUrls(String(err))}\n`);
      process.exitCode = EXIT_FAILED;
    },
  );
}
