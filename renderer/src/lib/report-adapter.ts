/**
 * THE ONE PLACE the benchmark UI reads a report. Every component below the panel takes the model this
 * returns (plain props), never the contract's BenchmarkReportView.
 *
 * Issue 7's engine half adds fields to shared/contract.ts (listed in EngineRunFields and
 * EngineReportFields below). Until they exist, the adapter derives what it can from today's fields:
 * `cv`, `minMs`, `maxMs` from `samplesMs`; warnings from the speedups, the worker counts, the cores and
 * the compute split (warnings.ts); every run in scope 'filter'; no intervals, no outlier count; the
 * Amdahl fit trusted unless a derived warning blames the machine. Once the contract has the fields the
 * adapter reads them instead (at run time, whatever their static type, so a report of either age
 * works); nothing else in the renderer needs to change.
 */
import type { BenchmarkReportView, BenchmarkRunView, StartBenchmarkRequest, Transport } from '../api/types';
import type { BenchmarkSettingsLike } from './staleness';
import { coefficientOfVariation, type DerivedWarning, reportWarnings, runWarnings } from './warnings';

export type Scope = 'filter' | 'job';
export const SCOPES: readonly Scope[] = ['filter', 'job'];
export type SplitKey = 'decode' | 'dispatch' | 'compute' | 'reassemble' | 'encode' | 'idle';
export const SPLIT_KEYS: readonly SplitKey[] = [
  'decode',
  'dispatch',
  'compute',
  'reassemble',
  'encode',
  'idle',
];

/** What the engine half adds to each BenchmarkRunView (issue 7). `split` may also gain `idle`. */
export interface EngineRunFields {
  scope: Scope;
  /** 95% interval of the speedup, [low, high]; null when it could not be computed (serial, one sample). */
  speedupCI: [number, number] | null;
  /** Spread of the samples: standard deviation / mean. */
  cv: number;
  minMs: number;
  maxMs: number;
  /** How many samples the engine's outlier rule flagged. */
  outliers: number;
  /** Plain words, empty when none. */
  warnings: string[];
}

/** What the engine half adds to BenchmarkReportView['amdahl'] (and to jobAmdahl). */
export interface EngineAmdahlFields {
  serialFractionCI: [number, number] | null;
  /** False when the warnings say the machine, not the pipeline, caused the shortfall. */
  trusted: boolean;
  /** Why it is not trusted, or what to read it as; null when nothing to say. */
  note: string | null;
}

/** What the engine half adds to BenchmarkReportView. */
export interface EngineReportFields {
  warnings: string[];
  scope: Scope | 'both';
  jobAmdahl: { serialFraction: number; transport: Transport | null } | null;
}

// Compile-time guard: every field above that the contract already has must have the type expected here.
// Today the contract has none of them, so these hold trivially; when the engine half lands, a field
// typed differently (say `outliers: number[]`) fails the build here, in the one place to adapt.
type Common<A, B> = Extract<keyof A, keyof B>;
type Agrees<Contract, Expected> =
  Pick<Contract, Common<Contract, Expected>> extends Pick<Expected, Common<Contract, Expected>>
    ? true
    : false;
type AssertTrue<T extends true> = T;
export type RunFieldsAgree = AssertTrue<Agrees<BenchmarkRunView, EngineRunFields>>;
export type ReportFieldsAgree = AssertTrue<Agrees<BenchmarkReportView, EngineReportFields>>;
export type AmdahlFieldsAgree = AssertTrue<
  Agrees<NonNullable<BenchmarkReportView['amdahl']>, EngineAmdahlFields>
>;

/** What the engine half adds to StartBenchmarkRequest (both optional). */
export interface EngineRequestFields {
  scope: Scope | 'both';
  timeBudgetSeconds: number;
}
export type RequestFieldsAgree = AssertTrue<Agrees<StartBenchmarkRequest, Partial<EngineRequestFields>>>;

/** The settings a benchmark was started with, the engine half's optional ones included when present. */
export function requestSettings(request: StartBenchmarkRequest): BenchmarkSettingsLike {
  const extra = loose(request);
  const scope = extra.scope;
  return {
    workers: request.workers,
    transports: request.transports,
    repeat: request.repeat,
    ...(isScope(scope) || scope === 'both' ? { scope } : {}),
    ...(isNumber(extra.timeBudgetSeconds) ? { timeBudgetSeconds: extra.timeBudgetSeconds } : {}),
  };
}

/** A run as the panel shows it: today's fields as they are, the engine half's read or derived. */
export interface RunModel
  extends Pick<
    BenchmarkRunView,
    | 'mode'
    | 'workers'
    | 'transport'
    | 'medianMs'
    | 'megapixelsPerSecond'
    | 'speedup'
    | 'efficiency'
    | 'busyShare'
  > {
  /** Stable and unique within the report: "filter-pool-2-shared". */
  key: string;
  scope: Scope;
  samplesMs: readonly number[];
  speedupCI: [number, number] | null;
  /** null with fewer than two samples. */
  cv: number | null;
  minMs: number;
  maxMs: number;
  /** null when the engine did not count them. */
  outliers: number | null;
  warnings: string[];
  /** More workers than the machine's cores. */
  oversubscribed: boolean;
  split: Partial<Record<SplitKey, number>>;
}

export interface AmdahlModel {
  serialFraction: number;
  transport: Transport | null;
  serialFractionCI: [number, number] | null;
  trusted: boolean;
  note: string | null;
}

export interface ReportModel {
  cores: number;
  /** Scopes that have runs, 'filter' first. */
  scopes: Scope[];
  runs: Record<Scope, RunModel[]>;
  /** Report-wide warnings. */
  warnings: string[];
  /** True when the warnings came from the engine; false when this adapter derived them. */
  warningsFromEngine: boolean;
  amdahl: Record<Scope, AmdahlModel | null>;
}

// --- Reading fields that may or may not exist yet ------------------------------------------------

type Loose = Record<string, unknown>;
const loose = (value: object): Loose => value as Loose;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isPair = (v: unknown): v is [number, number] =>
  Array.isArray(v) && v.length === 2 && isNumber(v[0]) && isNumber(v[1]);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');
const isScope = (v: unknown): v is Scope => v === 'filter' || v === 'job';

function readSplit(run: BenchmarkRunView): Partial<Record<SplitKey, number>> {
  const split = loose(run.split);
  const out: Partial<Record<SplitKey, number>> = {};
  for (const key of SPLIT_KEYS) {
    const v = split[key];
    if (isNumber(v)) out[key] = v;
  }
  return out;
}

function readAmdahl(value: unknown, derived: { trusted: boolean; note: string | null }): AmdahlModel | null {
  if (!value || typeof value !== 'object') return null;
  const a = loose(value);
  if (!isNumber(a.serialFraction)) return null;
  const engineTrusted = typeof a.trusted === 'boolean' ? a.trusted : null;
  const engineNote = typeof a.note === 'string' ? a.note : null;
  // The engine's verdict when it gives one; the derived one otherwise (never mixed).
  const fromEngine = engineTrusted !== null;
  return {
    serialFraction: a.serialFraction,
    transport: (a.transport as Transport | null | undefined) ?? null,
    serialFractionCI: isPair(a.serialFractionCI) ? a.serialFractionCI : null,
    trusted: fromEngine ? engineTrusted : derived.trusted,
    note: fromEngine ? engineNote : (engineNote ?? derived.note),
  };
}

/** The report as the benchmark panel shows it. `cores`: the machine's (Capabilities.cores). */
export function readReport(report: BenchmarkReportView, cores: number): ReportModel {
  const derived = new Map<BenchmarkRunView, DerivedWarning[]>();
  const runs: Record<Scope, RunModel[]> = { filter: [], job: [] };
  const scopeOf = (run: BenchmarkRunView): Scope => {
    const s = loose(run).scope;
    return isScope(s) ? s : 'filter';
  };
  const serialCompute = new Map<Scope, number | undefined>();
  for (const run of report.runs) {
    if (run.mode === 'serial') serialCompute.set(scopeOf(run), readSplit(run).compute);
  }

  for (const run of report.runs) {
    const extra = loose(run);
    const scope = scopeOf(run);
    const samples = run.samplesMs;
    const cv = isNumber(extra.cv) ? extra.cv : coefficientOfVariation(samples);
    const split = readSplit(run);
    const mine = runWarnings(
      {
        mode: run.mode,
        workers: run.workers,
        speedup: run.speedup,
        efficiency: run.efficiency,
        samples: samples.length,
        cv,
        computeMs: split.compute,
      },
      cores,
      serialCompute.get(scope),
    );
    derived.set(run, mine);
    runs[scope].push({
      // Today's fields as they are; every field below replaces what the spread brought.
      ...run,
      key: `${scope}-${run.mode}-${run.workers}-${run.transport ?? 'none'}`,
      scope,
      samplesMs: samples,
      speedupCI: isPair(extra.speedupCI) ? extra.speedupCI : null,
      cv,
      minMs: isNumber(extra.minMs) ? extra.minMs : samples.length ? Math.min(...samples) : run.medianMs,
      maxMs: isNumber(extra.maxMs) ? extra.maxMs : samples.length ? Math.max(...samples) : run.medianMs,
      outliers: isNumber(extra.outliers) ? extra.outliers : null,
      warnings: isStrings(extra.warnings) ? extra.warnings : mine.map((w) => w.text),
      oversubscribed: run.mode === 'pool' && run.workers > cores,
      split,
    });
  }

  const top = loose(report).warnings;
  const warningsFromEngine = isStrings(top);
  const warnings = warningsFromEngine
    ? top
    : reportWarnings(report.runs.map((r) => ({ workers: r.workers, warnings: derived.get(r) ?? [] })));

  const verdict = (scope: Scope): { trusted: boolean; note: string | null } => {
    const kinds = new Set(
      report.runs
        .filter((r) => scopeOf(r) === scope)
        .flatMap((r) => (derived.get(r) ?? []).map((w) => w.kind)),
    );
    if (kinds.has('slow-cores'))
      return {
        trusted: false,
        note: 'Not the pipeline\u2019s serial fraction: the cores ran slower together during this benchmark, so a fit would blame the pipeline for what the machine did.',
      };
    if (kinds.has('above-cores'))
      return {
        trusted: false,
        note: 'Not fitted: a speedup above the cores means the serial run was slowed, so a fit would read noise.',
      };
    if (kinds.has('noisy'))
      return { trusted: true, note: 'Rough: the runs are noisy, so the fitted fraction may be well off.' };
    return { trusted: true, note: null };
  };

  return {
    cores,
    scopes: SCOPES.filter((s) => runs[s].length > 0),
    runs,
    warnings,
    warningsFromEngine,
    amdahl: {
      filter: readAmdahl(report.amdahl, verdict('filter')),
      job: readAmdahl(loose(report).jobAmdahl, verdict('job')),
    },
  };
}

/** The pool run with the highest speedup in a scope, or null. */
export function bestRun(runs: readonly RunModel[]): RunModel | null {
  const pool = runs.filter((r) => r.mode === 'pool');
  return pool.length ? pool.reduce((a, b) => (b.speedup > a.speedup ? b : a)) : null;
}
