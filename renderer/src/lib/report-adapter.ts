/**
 * THE ONE PLACE the benchmark UI reads a report. Every component below the panel takes the model this
 * returns (plain props), never the contract's BenchmarkReportView. The engine gives the statistics
 * (intervals, spread, outliers), the warnings, the Amdahl verdicts and the sharp script's verdict; this
 * groups the runs by scope and adds what only the screen needs (a stable key, the oversubscribed mark).
 */
import { DEFAULT_KERNELS, type KernelChoice } from '../../../shared/kernels';
import { DEFAULT_POOL_KIND, type PoolKind } from '../../../shared/pools';
import type {
  BenchmarkAmdahlView,
  BenchmarkReportView,
  BenchmarkRunView,
  BenchmarkScope,
  BenchmarkScriptReference,
  StartBenchmarkRequest,
} from '../api/types';
import type { BenchmarkSettingsLike } from './staleness';

export type Scope = BenchmarkScope;
export const SCOPES: readonly Scope[] = ['filter', 'job'];
export type SplitKey = keyof BenchmarkRunView['split'];
export const SPLIT_KEYS: readonly SplitKey[] = [
  'decode',
  'dispatch',
  'compute',
  'reassemble',
  'encode',
  'idle',
];

/** The settings a benchmark was started with. */
export function requestSettings(request: StartBenchmarkRequest): BenchmarkSettingsLike {
  return {
    workers: request.workers,
    transports: request.transports,
    repeat: request.repeat,
    scope: request.scope ?? 'both',
    timeBudgetSeconds: request.timeBudgetSeconds ?? null,
    kernels: request.kernels ?? DEFAULT_KERNELS,
    pool: request.pool ?? DEFAULT_POOL_KIND,
  };
}

/** A run as the panel shows it: the engine's run, a key and the oversubscribed mark. */
export interface RunModel extends BenchmarkRunView {
  /** Stable and unique within the report: "filter-pool-2-shared-strips", "job-reference-2-none-none". */
  key: string;
  /** More workers than the machine's cores. */
  oversubscribed: boolean;
}

export type AmdahlModel = BenchmarkAmdahlView;

/** The sharp script the whole job is compared with, or why there is none (the engine's words). */
export type ScriptModel =
  | { kind: 'measured'; reference: BenchmarkScriptReference }
  | { kind: 'missing'; reason: string };

/** Which kernels ran, and why not those asked for. */
export interface KernelsModel {
  ran: KernelChoice;
  /** Set when WebAssembly was asked for and the JS kernels ran. */
  fallback: string | null;
}

export interface ReportModel {
  cores: number;
  /** Scopes that have runs, 'filter' first. */
  scopes: Scope[];
  runs: Record<Scope, RunModel[]>;
  /** Report-wide warnings (the engine's). */
  warnings: string[];
  amdahl: Record<Scope, AmdahlModel | null>;
  kernels: KernelsModel;
  /** What every pool run's workers were. */
  pool: PoolKind;
  /** null when the whole job was not measured. */
  script: ScriptModel | null;
}

/** The report as the benchmark panel shows it. `cores`: the machine's (Capabilities.cores). */
export function readReport(report: BenchmarkReportView, cores: number): ReportModel {
  const runs: Record<Scope, RunModel[]> = { filter: [], job: [] };
  for (const run of report.runs) {
    runs[run.scope].push({
      ...run,
      key: `${run.scope}-${run.mode}-${run.workers}-${run.transport ?? 'none'}-${run.schedule ?? 'none'}`,
      oversubscribed: run.mode === 'pool' && run.workers > cores,
    });
  }
  return {
    cores,
    scopes: SCOPES.filter((s) => runs[s].length > 0),
    runs,
    warnings: report.warnings,
    amdahl: { filter: report.amdahl, job: report.jobAmdahl },
    kernels: { ran: report.kernels, fallback: report.kernelsFallback ?? null },
    pool: report.pool ?? DEFAULT_POOL_KIND,
    script: report.jobReference
      ? { kind: 'measured', reference: report.jobReference }
      : report.jobReferenceMissing
        ? { kind: 'missing', reason: report.jobReferenceMissing }
        : null,
  };
}

/** The sharp script runs of a scope (the job's), which the tables show as reference rows. */
export function scriptRuns(runs: readonly RunModel[]): RunModel[] {
  return runs.filter((r) => r.mode === 'reference');
}

/** The pool run with the highest speedup in a scope, or null. */
export function bestRun(runs: readonly RunModel[]): RunModel | null {
  const pool = runs.filter((r) => r.mode === 'pool');
  return pool.length ? pool.reduce((a, b) => (b.speedup > a.speedup ? b : a)) : null;
}
