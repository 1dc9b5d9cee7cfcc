/**
 * The benchmark: for a set of images and a pipeline, the serial baseline and the pool at each requested
 * worker count and transport, in two scopes (the filter stage alone, and the whole job from file bytes to
 * encoded bytes, with both schedules and the sharp script users compare with), measured in adjacent
 * (serial, contender) pairs, against the same pixels, with the kernels asked for.
 *
 * sharp is loaded (through ../images) when this module is, before any worker exists; workers never load
 * it, since libvips' thread setting is process-wide (docs/architecture.md, "Toolchain pitfalls").
 * The main thread runs no kernel here: the baseline runs in a dedicated thread that never detaches an
 * ArrayBuffer, and the pool's workers compute; so the main thread detaching strips in `transfer` mode
 * cannot slow anything that is timed as compute.
 */
import { readFile } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import { BENCHMARK_SCOPES } from '../../shared/contract';
import { checkOneOf, checkWholeNumber, OptionError } from '../../shared/errors';
import { DEFAULT_KERNELS, KERNEL_CHOICES, type KernelChoice } from '../../shared/kernels';
import { REQUEST_LIMITS } from '../../shared/limits';
import { DEFAULT_POOL_KIND, POOL_KINDS, type PoolKind } from '../../shared/pools';
import { collectGarbage } from '../../workers/collect-garbage';
import { plainSteps, resolvePipeline } from '../../workers/filters/index';
import { type DecodedImage, decodeImage } from '../images/index';
import { FilterPool } from '../pool/filter-pool';
import { checkTransport } from '../pool/run-checks';
import { SerialBaselineThread } from '../pool/serial';
import { toSharedImage } from '../pool/transports';
import { DEFAULT_TRANSPORT, type Transport } from '../pool/types';
import type { RawImage } from '../types';
import { calibrate } from './calibration';
import {
  type BenchmarkInputs,
  type Contender,
  encode,
  poolFilter,
  poolJob,
  type Sample,
  serialFilter,
  serialJob,
} from './contenders';
import { fitScope } from './fit';
import { KernelsLedger } from './kernels';
import { machineInfo } from './machine';
import { noReferenceReason, referenceFor, timeReference } from './reference';
import { scriptReference } from './script-comparison';
import { scriptJob, sharpScript } from './sharp-script';
import { withSharpSettings } from './sharp-settings';
import { median, relativeHalfWidth, summarizePairs } from './statistics';
import { poolRun, serialRun, withWarnings } from './summary';
import type {
  BenchmarkHooks,
  BenchmarkImage,
  BenchmarkOptions,
  BenchmarkPhase,
  BenchmarkReference,
  BenchmarkReport,
  BenchmarkScope,
  BenchmarkScopeChoice,
  BenchmarkScriptReference,
  MachineLoad,
  RoundsStop,
} from './types';
import {
  MIN_CONVERGED_PAIRS,
  machineWarnings,
  machineWasBusy,
  roundsWarnings,
  summaryWarning,
  TARGET_HALF_WIDTH,
} from './warnings';

export { amdahlSpeedup, fitAmdahl } from './amdahl';
export { formatReport } from './format';
export type * from './types';

/** Fixed mode's rounds when neither a count nor a budget is given: today's default, and a predictable run. */
export const DEFAULT_REPEAT = 5;
/** The adaptive mode does at least this many rounds, whatever its budget (an interval needs a few pairs). */
export const MIN_ADAPTIVE_ROUNDS = 3;

const METHOD = [
  "Two scopes on the same images. filter: decoded RGBA pixels in, filtered pixels out (the images are decoded before anything is timed). job: each file's bytes (read into memory before anything is timed) in, encoded bytes out: decode (sharp), filter, encode to the input's format (PNG where it cannot be written); nothing is written to disk.",
  "serial, filter scope: runPipeline on each whole image in a dedicated worker thread that never detached an ArrayBuffer (V8 slows a thread's typed-array code after its first detach), timed inside that thread; transport null. serial, job scope: one image at a time, sharp at concurrency 1 for decode and encode, the kernels in the same baseline thread (pixels copied into its shared memory and out: dispatch and reassemble), timed on the main thread.",
  "pool, filter scope: FilterPool.map over all images (strips with halo rows, about four per worker), timed on the main thread from the call to the last result; the images are placed in each pool's shared memory once, before the rounds (counted in decodeMs), and results stay there (output: 'shared'). pool, job scope: decode, filter and encode overlap in a batch's shape (engine/batch/lanes.ts: two decode and two encode lanes on 2 workers, libvips on one thread per image), decoded into the pool's shared memory and encoded from it, in two schedules: strips (each image cut in strips every worker takes part in, as many images in the pool as a batch keeps) and whole images (each image one strip on one worker, as many images in the pool as workers). One pool per worker count, all transports on it, every pool alive for the whole benchmark.",
  'kernels: every contender runs the kernels asked for (the pools and the serial baseline thread alike); the report says which ran (kernels, and per run), and why the JS kernels ran when WebAssembly was asked for (kernelsFallback, and a warning).',
  "jobReference: for a lone gaussian-blur or sobel, the sharp script users write instead, timed in the job scope's rounds as one more contender per worker count (mode 'reference'): sharp(bytes).rotate(), the filter scope's reference operation, the job scope's encode (format and quality), toBuffer(), as many files at once as the pool has workers, sharp at its normal concurrency. Each job pool run's time relative to the script's fastest run (a pool's job decodes and encodes on every core, whatever its workers): per round, the script's pair speedup / the pool's, median and bootstrap interval.",
  "Pairs: every timed round gives each configuration of each scope one pair, a serial run and the pool run next to each other, the order alternating from round to round and from one configuration to the next (ABBA), so that drift slower than a pair cancels out of the pair's ratio. Each timed run directly follows an untimed run of the same contender (its primer), and before each primer the main thread and the pool's workers collect their garbage; `warmup` untimed rounds come first.",
  "speedup is the median of the per-pair speedups (serial ms / pool ms); speedupCI its 95% percentile-bootstrap interval (2000 resamples, fixed seed; [1, 1] for serial); cv the coefficient of variation of samplesMs; outliers the count beyond Tukey fences (1.5 IQR) of the per-pair speedups (pool) or samplesMs (serial), counted, not removed; medianMs the median of samplesMs. split is the breakdown of the median sample, summed over threads; dispatchMs and computeMs are sums over strips (CPU time, not wall time); idleMs is workers x medianMs minus the workers' busy time. computeRatio: the workers' summed compute / the serial compute of the same pair, median over pairs.",
  'Fixed mode (repeat): that many rounds. Adaptive mode (timeBudgetSeconds): rounds until every interval is within ±3% of its speedup with at least 5 pairs, or until the next round would end past the budget (at least 3 rounds).',
  "reference: sharp's equivalent of the filter stage at concurrency 1, timed after the pools are stopped.",
  'Every PixelPool contender checks its filtered pixels byte for byte against the serial filter output on its first (untimed) run.',
  'amdahl (filter scope) and jobAmdahl (job scope, strips schedule) fit f in S(n) = 1/(f + (1-f)/n) by least squares to the median per-pair speedups of one transport (the default transport if measured, else the fastest at the largest worker count), runs with more workers than cores left out; serialFractionCI resamples the pairs and refits. trusted is false, with a note, when the warnings say the machine shaped the speedups.',
  'machineLoad: the 1-minute load average before the run, and a fixed CPU loop timed on one thread and then on every core at once, before and after the benchmark.',
];

class BenchmarkAbortError extends Error {
  override name = 'AbortError';
  constructor() {
    super('The benchmark was cancelled');
  }
}

interface CheckedOptions {
  workers: number[];
  transports: Transport[];
  /** Fixed mode's rounds, or null in adaptive mode. */
  repeat: number | null;
  timeBudgetSeconds: number | null;
  warmup: number;
  scope: BenchmarkScopeChoice;
  scopes: BenchmarkScope[];
  kernels: KernelChoice;
  pool: PoolKind;
}

function checkOptions(opts: BenchmarkOptions): CheckedOptions {
  const cores = availableParallelism();
  const workers = [...new Set(opts.workers ?? [1, cores])];
  const pool = opts.pool ?? DEFAULT_POOL_KIND;
  checkOneOf('pool', pool, POOL_KINDS);
  const transports = [...new Set(opts.transports ?? [pool === 'processes' ? 'copy' : DEFAULT_TRANSPORT])];
  const warmup = opts.warmup ?? 1;
  const scope = opts.scope ?? 'both';
  const kernels = opts.kernels ?? DEFAULT_KERNELS;
  const timeBudgetSeconds = opts.timeBudgetSeconds ?? null;
  if (opts.files.length === 0)
    throw new OptionError("the benchmark's images", 'at least one image file', 'none');
  for (const n of workers) checkWholeNumber('each of the worker counts', n, 1);
  for (const t of transports) checkTransport(t, pool);
  checkWholeNumber('warmup', warmup, 0);
  checkOneOf('scope', scope, BENCHMARK_SCOPES);
  checkOneOf('kernels', kernels, KERNEL_CHOICES);
  if (timeBudgetSeconds !== null) {
    if (opts.repeat !== undefined) {
      throw new OptionError(
        'timeBudgetSeconds',
        'left out when repeat is given',
        timeBudgetSeconds,
        'use one or the other',
      );
    }
    checkWholeNumber('timeBudgetSeconds', timeBudgetSeconds, 1, REQUEST_LIMITS.maxTimeBudgetSeconds);
  }
  const repeat = timeBudgetSeconds === null ? (opts.repeat ?? DEFAULT_REPEAT) : null;
  if (repeat !== null) checkWholeNumber('repeat', repeat, 1);
  const scopes: BenchmarkScope[] = scope === 'both' ? ['filter', 'job'] : [scope];
  return { workers, transports, repeat, timeBudgetSeconds, warmup, scope, scopes, kernels, pool };
}

/** The timed pairs of one contender: serial and contender samples of the same rounds. */
interface Pairs {
  serial: Sample[];
  pool: Sample[];
}

export async function runBenchmark(
  opts: BenchmarkOptions,
  hooks: BenchmarkHooks = {},
): Promise<BenchmarkReport> {
  const checked = checkOptions(opts);
  const { workers, transports, warmup, scopes, timeBudgetSeconds } = checked;
  const startedAt = performance.now();
  const resolved = resolvePipeline(opts.steps);
  const pipeline = plainSteps(resolved);
  const operation = referenceFor(resolved);
  const reference = scopes.includes('filter') ? operation : null;
  const script = scopes.includes('job') ? operation : null;
  const cores = availableParallelism();
  const { signal } = hooks;
  const checkAbort = (): void => {
    if (signal?.aborted) throw new BenchmarkAbortError();
  };

  const configCount = workers.length * transports.length;
  // Contenders paired with each scope's serial run: the job has both schedules and the sharp scripts.
  const pairedCount = (scope: BenchmarkScope): number =>
    scope === 'filter' ? configCount : 2 * configCount + (script ? workers.length : 0);
  const contenderCount = scopes.reduce((sum, s) => sum + pairedCount(s), 0);
  const roundSteps = contenderCount * 2;
  // The adaptive mode's rounds are not known beforehand: the estimate grows or shrinks as rounds go.
  let plannedRounds = checked.repeat ?? MIN_CONVERGED_PAIRS;
  const fixedSteps = (): number =>
    2 + 1 + 1 + warmup * (scopes.length + contenderCount) + (reference ? 1 : 0) + 1;
  let done = 0;
  const total = (): number => fixedSteps() + plannedRounds * roundSteps;
  const progress = (phase: BenchmarkPhase, label: string, advance = 1): void => {
    done += advance;
    hooks.onProgress?.({ phase, done, total: Math.max(done, total()), label });
  };

  // The machine before anything of ours runs: the load average, then the calibration loop.
  checkAbort();
  const loadAverage = process.platform === 'win32' ? null : loadavg()[0];
  hooks.onProgress?.({ phase: 'calibrate', done, total: total(), label: 'timing a calibration loop' });
  const machineLoad: MachineLoad = { loadAverage, before: await calibrate(cores, signal), after: null };
  progress('calibrate', 'calibrated');

  // Decode once; the filter scope starts from these pixels. The baseline thread reads its own shared copy
  // in place; each pool gets the images in its own shared memory below (also counted as decoding). The job
  // scope reads the files' bytes into memory now and decodes them in every run.
  checkAbort();
  hooks.onProgress?.({
    phase: 'decode',
    done,
    total: total(),
    label: `decoding ${opts.files.length} images`,
  });
  const decodeStart = performance.now();
  const decoded: DecodedImage[] = [];
  for (const file of opts.files) {
    checkAbort();
    decoded.push(await decodeImage(file));
  }
  const shared = decoded.map((image) => toSharedImage(image));
  let decodeMs = performance.now() - decodeStart;
  const bytes = scopes.includes('job') ? await Promise.all(opts.files.map((file) => readFile(file))) : [];
  progress('decode', 'decoded');
  const images: BenchmarkImage[] = decoded.map((d) => ({
    path: d.path,
    format: d.format,
    width: d.width,
    height: d.height,
    megapixels: (d.width * d.height) / 1e6,
  }));
  const totalMegapixels = images.reduce((sum, image) => sum + image.megapixels, 0);

  // The baseline writes into the same output buffers every run: nothing piles up in its thread.
  const serialOutputs: RawImage[] = shared.map(({ width, height }) => ({
    data: new Uint8Array(new SharedArrayBuffer(width * height * 4)),
    width,
    height,
  }));
  const ledger = new KernelsLedger(checked.kernels);
  const inputs: BenchmarkInputs = {
    decoded,
    bytes,
    pipeline,
    kernels: checked.kernels,
    ledger,
    expected: [],
    signal,
  };
  const pools: FilterPool[] = [];
  /** Per scope, the contenders paired with its serial run, in the order they are timed in a round. */
  const paired = new Map<BenchmarkScope, Contender[]>(scopes.map((s) => [s, []]));
  const serials = new Map<BenchmarkScope, Contender>();
  const pairs = new Map<Contender, Pairs>();
  /** Every serial sample of a scope, in the order taken. */
  const serialSamples = new Map<BenchmarkScope, Sample[]>(scopes.map((s) => [s, []]));
  let baseline: SerialBaselineThread | undefined;
  let rounds = 0;
  let stoppedBy: RoundsStop = 'repeat';
  // What the pools' task events are tagged with: the contender running, and the round.
  let tagged: Contender | null = null;
  let taskWarmup = false;
  let taskRound = 0;
  try {
    baseline = await SerialBaselineThread.start();
    const serialFilterContender = serialFilter(baseline, shared, serialOutputs, inputs);
    // The pixels every contender must reproduce: one untimed serial pass, before anything else runs.
    checkAbort();
    await serialFilterContender.run();
    inputs.expected = serialOutputs.map((output) => Uint8Array.from(output.data));
    progress('serial', 'serial: reference output');
    if (scopes.includes('filter')) serials.set('filter', serialFilterContender);
    if (scopes.includes('job')) serials.set('job', serialJob(baseline, inputs));

    for (const size of workers) {
      checkAbort();
      const pool = await FilterPool.create({
        size,
        kernels: checked.kernels,
        pool: checked.pool,
        processSpawner: opts.processSpawner,
      });
      pools.push(pool);
      pool.onTask((event) => {
        if (!tagged) return;
        hooks.onTask?.({
          ...event,
          run: tagged.label,
          scope: tagged.scope,
          workers: tagged.workers,
          transport: tagged.transport ?? event.transport,
          schedule: tagged.schedule ?? 'strips',
          warmup: taskWarmup,
          round: taskRound,
        });
      });
      // One copy per image into this pool's shared memory, for every run of the filter scope. (The pool
      // gives it back when it terminates, at the end.)
      const shareStart = performance.now();
      const poolImages = scopes.includes('filter')
        ? decoded.map((image) => pool.shareImage(image).image)
        : [];
      decodeMs += performance.now() - shareStart;
      for (const transport of transports) {
        const label = `${size} worker${size > 1 ? 's' : ''}, ${transport}`;
        paired.get('filter')?.push(poolFilter(pool, transport, label, poolImages, inputs));
        paired.get('job')?.push(poolJob(pool, transport, 'strips', label, inputs));
        paired.get('job')?.push(poolJob(pool, transport, 'images', label, inputs));
      }
      // The script next to the pool it is compared with: as many files at once as it has workers.
      if (script) paired.get('job')?.push(scriptJob(script, size, inputs));
    }
    for (const contenders of paired.values()) {
      for (const c of contenders) pairs.set(c, { serial: [], pool: [] });
    }

    /** One run of a contender, tagged for the task events; `round` null for untimed runs. */
    const runOnce = async (contender: Contender, round: number | null): Promise<Sample> => {
      checkAbort();
      tagged = contender;
      taskWarmup = round === null;
      taskRound = round ?? 0;
      return contender.run();
    };
    /** GC, the untimed primer, then the timed run. */
    const measure = async (contender: Contender, round: number): Promise<Sample> => {
      // Garbage the previous contender left (strip copies, clones, decoded images) is collected before
      // this one, not during it, in the workers and here.
      await contender.pool?.collectWorkerGarbage();
      collectGarbage?.();
      // The untimed run that puts this contender in its steady state: switching straight from another
      // cost the 2-worker pool about 5% and the serial baseline about 2% here (docs/pool.md).
      await runOnce(contender, null);
      return runOnce(contender, round);
    };

    await withSharpSettings({ cache: false }, async () => {
      for (let w = 0; w < warmup; w++) {
        for (const scope of scopes) {
          const serial = serials.get(scope) as Contender;
          await runOnce(serial, null);
          progress('serial', `${serial.label}: warm-up ${w + 1}/${warmup}`);
          for (const contender of paired.get(scope) ?? []) {
            await contender.pool?.collectWorkerGarbage();
            collectGarbage?.();
            await runOnce(contender, null);
            progress(phaseOf(contender), `${contender.label}: warm-up ${w + 1}/${warmup}`);
          }
        }
      }

      const roundsStart = performance.now();
      for (;;) {
        const roundStart = performance.now();
        const of = checked.repeat !== null ? `/${checked.repeat}` : '';
        for (const scope of scopes) {
          const serial = serials.get(scope) as Contender;
          for (const [ci, contender] of (paired.get(scope) ?? []).entries()) {
            const measured = pairs.get(contender) as Pairs;
            // ABBA: the order alternates per round and per configuration, so neither side of a pair is
            // always the one that runs just after the other configuration's runs.
            const serialFirst = (rounds + ci) % 2 === 0;
            for (const side of serialFirst ? [serial, contender] : [contender, serial]) {
              const sample = await measure(side, rounds);
              if (side === serial) {
                measured.serial.push(sample);
                serialSamples.get(scope)?.push(sample);
              } else {
                measured.pool.push(sample);
              }
              progress(phaseOf(side), `${side.label}: pair ${rounds + 1}${of} with ${contender.label}`);
            }
          }
        }
        rounds++;
        if (checked.repeat !== null) {
          if (rounds >= checked.repeat) break;
          continue;
        }
        // Adaptive: stop once every interval is narrow, or before a round that would end past the budget.
        const settled = [...pairs.values()].every(
          (p) =>
            p.pool.length >= MIN_CONVERGED_PAIRS &&
            summarizePairs(
              p.serial.map((s) => s.ms),
              p.pool.map((s) => s.ms),
            ).relativeHalfWidth <= TARGET_HALF_WIDTH,
        );
        const now = performance.now();
        const roundMs = now - roundStart;
        const budgetMs = (timeBudgetSeconds ?? 0) * 1000;
        if (settled) stoppedBy = 'converged';
        else if (rounds >= REQUEST_LIMITS.maxRepeat) stoppedBy = 'limit';
        else if (rounds >= MIN_ADAPTIVE_ROUNDS && now + roundMs - startedAt > budgetMs) stoppedBy = 'budget';
        else {
          const perRound = (now - roundsStart) / rounds;
          const left = Math.floor((budgetMs - (now - startedAt)) / perRound);
          plannedRounds = Math.min(
            REQUEST_LIMITS.maxRepeat,
            rounds + Math.max(1, left, MIN_ADAPTIVE_ROUNDS - rounds),
          );
          continue;
        }
        plannedRounds = rounds;
        break;
      }
    });
  } catch (error) {
    if (signal?.aborted) throw new BenchmarkAbortError();
    throw error;
  } finally {
    await Promise.all([baseline?.terminate(), ...pools.map((pool) => pool.terminate())]);
  }
  const spentSeconds = (performance.now() - startedAt) / 1000;

  // sharp's equivalent, once no worker is left to compete for the cores.
  const filterSerial = serialSamples.get('filter');
  let referenceReport: BenchmarkReference | null = null;
  if (reference && filterSerial) {
    checkAbort();
    const repeat = checked.repeat ?? Math.min(rounds, 10);
    const timed = await timeReference(reference, decoded, repeat, warmup, signal).catch((error: unknown) => {
      if (signal?.aborted) throw new BenchmarkAbortError();
      throw error;
    });
    const serialMs = median(filterSerial.map((sample) => sample.ms));
    const megapixelsPerSecond = totalMegapixels / (timed.medianMs / 1000);
    const jsSerialMegapixelsPerSecond = totalMegapixels / (serialMs / 1000);
    referenceReport = {
      operation: reference.name,
      megapixelsPerSecond,
      jsSerialMegapixelsPerSecond,
      ratio: jsSerialMegapixelsPerSecond / megapixelsPerSecond,
      medianMs: timed.medianMs,
      samplesMs: timed.samplesMs,
    };
    progress('reference', `sharp ${reference.name}`);
  }

  // One encode of every filtered image, to its input's format: the filter scope's encodeMs.
  checkAbort();
  let encodeMs = 0;
  for (let i = 0; i < inputs.expected.length; i++) {
    const pixels = { data: inputs.expected[i], width: decoded[i].width, height: decoded[i].height };
    const start = performance.now();
    await encode(pixels, decoded[i]);
    encodeMs += performance.now() - start;
  }
  progress('encode', 'encoded');

  checkAbort();
  machineLoad.after = await calibrate(cores, signal);
  progress('calibrate', 'calibrated again');

  const measuredRuns = scopes.flatMap((scope) => {
    const once = scope === 'filter' ? { decodeMs, encodeMs } : null;
    const serialLabel = (serials.get(scope) as Contender).label;
    const serial = serialRun(
      scope,
      serialSamples.get(scope) ?? [],
      totalMegapixels,
      once,
      ledger.of(serialLabel),
    );
    const others = (paired.get(scope) ?? []).map((contender) => {
      const measured = pairs.get(contender) as Pairs;
      const kernels = contender.mode === 'reference' ? null : ledger.of(contender.label);
      return poolRun(contender, measured.serial, measured.pool, totalMegapixels, once, kernels);
    });
    // Serial first, then the pools, then the sharp scripts they are compared with.
    return [serial, ...others.filter((r) => r.mode === 'pool'), ...others.filter((r) => r.mode !== 'pool')];
  });
  const runs = withWarnings(measuredRuns, cores);
  const jobReference: BenchmarkScriptReference | null = script
    ? scriptReference(
        script.name,
        sharpScript(
          script,
          images.map((i) => i.format),
          Math.max(...workers),
        ),
        measuredRuns.filter((r) => r.scope === 'job'),
      )
    : null;
  const kernelsReport = ledger.report();
  const machine = { cores, ...machineLoad };
  const busy = machineWasBusy(machine);
  const fitOf = (scope: BenchmarkScope) =>
    scopes.includes(scope) ? fitScope(scope, runs, transports, workers, cores, busy) : null;
  const unsettled = [...pairs.entries()]
    .map(([contender, p]) => {
      const summary = summarizePairs(
        p.serial.map((s) => s.ms),
        p.pool.map((s) => s.ms),
      );
      return { contender, width: relativeHalfWidth(summary.interval, summary.median) };
    })
    .filter(({ width }) => width > TARGET_HALF_WIDTH)
    .map(({ contender, width }) => `${contender.label} ±${(width * 100).toFixed(1)}%`);

  return {
    createdAt: new Date().toISOString(),
    machine: machineInfo(),
    pipeline,
    images,
    totalMegapixels,
    scope: checked.scope,
    repeat: rounds,
    timeBudgetSeconds,
    stoppedBy,
    warmup,
    runs,
    amdahl: fitOf('filter'),
    jobAmdahl: fitOf('job'),
    machineLoad,
    warnings: [
      ...machineWarnings(machine),
      ...kernelsReport.warnings,
      ...roundsWarnings({ stoppedBy, budgetSeconds: timeBudgetSeconds, spentSeconds, rounds, unsettled }),
      ...summaryWarning(runs),
    ],
    reference: referenceReport,
    pool: checked.pool,
    kernels: kernelsReport.kernels,
    ...(kernelsReport.kernelsFallback === undefined
      ? {}
      : { kernelsFallback: kernelsReport.kernelsFallback }),
    jobReference,
    jobReferenceMissing: scopes.includes('job') && !operation ? noReferenceReason(resolved) : null,
    method: METHOD,
  };
}

/** The progress phase of a contender's runs (the sharp script counts as the reference). */
function phaseOf(contender: Contender): BenchmarkPhase {
  return contender.mode === 'reference' ? 'reference' : contender.mode;
}
