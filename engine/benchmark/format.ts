import { BENCHMARK_SCHEDULE_INFO, BENCHMARK_SCHEDULES } from '../../shared/contract';
import { KERNEL_INFO } from '../../shared/kernels';
import { scriptLabel } from './script-comparison';
import type { BenchmarkAmdahl, BenchmarkReport, BenchmarkRun, BenchmarkScope } from './types';

/** The terminal width the report is laid out for. */
export const REPORT_WIDTH = 100;

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function percent(share: number, digits = 0): string {
  return `${(share * 100).toFixed(digits)}%`;
}

function pipelineText(report: BenchmarkReport): string {
  if (report.pipeline.length === 0) return '(no filters)';
  return report.pipeline
    .map((step) => {
      const params = Object.entries(step.params ?? {}).map(([key, value]) => `${key}=${value}`);
      return params.length ? `${step.id}:${params.join(',')}` : step.id;
    })
    .join(' -> ');
}

/** A table row: its cells, or a line of its own that heads the rows after it (not part of the columns). */
type Row = string[] | { heading: string };

/** Lays rows out in columns: text left-aligned, numbers right-aligned. */
function table(header: string[], rows: Row[], rightAligned: boolean[]): string[] {
  const cells = rows.filter((r): r is string[] => Array.isArray(r));
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (row: string[]) =>
    row
      .map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => (Array.isArray(r) ? line(r) : r.heading)),
  ];
}

/** Words of `text` in lines of at most `width` columns, the first prefixed by `first`, the rest by `rest`. */
export function wrap(text: string, first: string, rest: string, width = REPORT_WIDTH): string[] {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = rest + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines;
}

/** A run's name in its table row; the job's schedules and the script are said by the headings above. */
function runName(run: BenchmarkRun): string {
  if (run.mode === 'serial') return 'serial';
  if (run.mode === 'reference') return `${run.workers} file${run.workers > 1 ? 's' : ''} at a time`;
  return `${run.workers} worker${run.workers > 1 ? 's' : ''}, ${run.transport}`;
}

/** A run's full name, where no heading says its schedule (the warnings). */
function fullName(run: BenchmarkRun): string {
  if (run.mode === 'reference') return scriptLabel(run.workers);
  if (run.scope === 'job' && run.schedule)
    return `${runName(run)}, ${BENCHMARK_SCHEDULE_INFO[run.schedule].title}`;
  return runName(run);
}

const SCRIPT_HEADING =
  'sharp script: the same job with sharp alone (see below), sharp at its normal concurrency';

/**
 * A scope's rows: serial, then its pools; the job's grouped under a heading per schedule, then the sharp
 * scripts (where `runs` has them), so that a row's name stays short enough for the columns.
 */
function groupedRows(
  runs: readonly BenchmarkRun[],
  scope: BenchmarkScope,
  row: (r: BenchmarkRun) => string[],
): Row[] {
  if (scope === 'filter') return runs.map(row);
  const serial = runs.filter((r) => r.mode === 'serial').map(row);
  const groups: Row[][] = BENCHMARK_SCHEDULES.map((schedule) => {
    const mine = runs.filter((r) => r.mode === 'pool' && r.schedule === schedule);
    const { title, idea } = BENCHMARK_SCHEDULE_INFO[schedule];
    return mine.length ? [{ heading: `${title}: ${idea}` }, ...mine.map(row)] : [];
  });
  const scripts = runs.filter((r) => r.mode === 'reference');
  if (scripts.length) groups.push([{ heading: SCRIPT_HEADING }, ...scripts.map(row)]);
  return [...serial, ...groups.flat()];
}

function interval(run: BenchmarkRun): string {
  if (run.mode === 'serial') return '';
  return `${fixed(run.speedupCI[0], 2)}-${fixed(run.speedupCI[1], 2)}x`;
}

function resultRow(run: BenchmarkRun): string[] {
  return [
    runName(run),
    fixed(run.medianMs),
    fixed(run.megapixelsPerSecond),
    `${fixed(run.speedup, 2)}x`,
    interval(run),
    // sharp's own threads work beside the files at once: a per-file efficiency would mean nothing.
    run.mode === 'reference' ? '-' : percent(run.efficiency),
    percent(run.cv, 1),
    `${fixed(run.minMs)}-${fixed(run.maxMs)}`,
    String(run.outliers),
    String(run.pairs),
  ];
}

function splitRow(run: BenchmarkRun, scope: BenchmarkScope): string[] {
  const { split } = run;
  const inRun = (ms: number) => (scope === 'job' ? fixed(ms) : '-');
  const poolOnly = (ms: number) => (run.mode === 'pool' || scope === 'job' ? fixed(ms) : '-');
  return [
    runName(run),
    inRun(split.decodeMs),
    poolOnly(split.dispatchMs),
    fixed(split.computeMs),
    poolOnly(split.reassembleMs),
    inRun(split.encodeMs),
    fixed(split.idleMs),
    run.computeRatio === null ? '-' : `${fixed(run.computeRatio, 2)}x`,
    run.workerBusyShare.map((share) => percent(share)).join(' '),
  ];
}

const SCOPE_TITLES: Record<BenchmarkScope, string> = {
  filter: 'Filter stage: decoded pixels in, filtered pixels out (decode and encode timed once, apart)',
  job: 'Whole job: file bytes in, encoded bytes out (decode, filter, encode; nothing written to disk)',
};

function amdahlLines(amdahl: BenchmarkAmdahl): string[] {
  const { serialFraction, serialFractionCI, maxSpeedup, transport, scope, trusted, note } = amdahl;
  const f = `${fixed(serialFraction * 100, 1)}% (95% interval ${fixed(serialFractionCI[0] * 100, 1)}-${fixed(serialFractionCI[1] * 100, 1)}%)`;
  const head = trusted
    ? `Amdahl (${scope}, ${transport}): serial fraction ${f}` +
      (maxSpeedup === null ? ', no limit in sight.' : `, speedup limit ${fixed(maxSpeedup, 1)}x.`)
    : `Amdahl (${scope}, ${transport}): UNTRUSTED fit, f = ${f}.`;
  return wrap(note ? `${head} ${note}` : head, '', '  ');
}

/** The job scope against the sharp script, or why there is none. */
function scriptLines(report: BenchmarkReport): string[] {
  const script = report.jobReference;
  if (!script) return report.jobReferenceMissing ? ['', ...wrap(report.jobReferenceMissing, '', '  ')] : [];
  return [
    '',
    ...wrap(script.summary, 'Against sharp: ', '  '),
    ...wrap(
      `The script (${script.lines} lines, in the JSON report): each file through ${script.call}, as many files at once as each pool has workers; timed in the same rounds, from the same bytes in memory, nothing written; every PixelPool run is held against the script at its fastest.`,
      '  ',
      '  ',
    ),
  ];
}

function scopeLines(report: BenchmarkReport, scope: BenchmarkScope): string[] {
  const runs = report.runs.filter((r) => r.scope === scope);
  if (runs.length === 0) return [];
  const lines = [
    '',
    SCOPE_TITLES[scope],
    ...table(
      ['run', 'median ms', 'MP/s', 'speedup', '95% interval', 'eff.', 'cv', 'min-max ms', 'outl.', 'pairs'],
      groupedRows(runs, scope, resultRow),
      [false, true, true, true, true, true, true, true, true, true],
    ),
    ...(scope === 'job' ? scriptLines(report) : []),
    '',
    'Where the time went (the median sample; ms summed over threads):',
    ...table(
      ['run', 'decode', 'dispatch', 'compute', 'reassem.', 'encode', 'idle', 'vs serial', 'worker busy'],
      // The script is one sharp call per file: nothing to split.
      groupedRows(
        runs.filter((r) => r.mode !== 'reference'),
        scope,
        (run) => splitRow(run, scope),
      ),
      [false, true, true, true, true, true, true, true, false],
    ),
  ];
  const warned = runs.filter((r) => r.warnings.length > 0);
  if (warned.length > 0) {
    lines.push('', 'Warnings:');
    for (const run of warned) {
      for (const warning of run.warnings) lines.push(...wrap(`${fullName(run)}: ${warning}`, '  ! ', '    '));
    }
  }
  const amdahl = scope === 'filter' ? report.amdahl : report.jobAmdahl;
  if (amdahl) lines.push('', ...amdahlLines(amdahl));
  return lines;
}

function roundsText(report: BenchmarkReport): string {
  const how =
    report.timeBudgetSeconds === null
      ? `fixed (--repeat ${report.repeat})`
      : `adaptive (--time-budget ${report.timeBudgetSeconds}; ${
          report.stoppedBy === 'converged'
            ? 'stopped with every interval within ±3%'
            : report.stoppedBy === 'limit'
              ? 'stopped at the limit of rounds'
              : 'stopped by the budget'
        })`;
  return `${report.repeat} rounds after ${report.warmup} warm-up, ${how}; in each round every configuration runs beside the serial baseline, a pair; speedup = median of the pairs' speedups.`;
}

function machineLine(report: BenchmarkReport): string {
  const { machine, machineLoad } = report;
  const load =
    machineLoad.loadAverage === null
      ? ''
      : `; load average ${fixed(machineLoad.loadAverage, 2)} before the run`;
  return `${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform} ${machine.arch}${load}.`;
}

function calibrationText(report: BenchmarkReport): string {
  const { before, after } = report.machineLoad;
  const cores = report.machine.cores;
  const at = (c: typeof before) =>
    `${fixed(c.coresDelivered, 1)} of ${cores} cores (one thread ${fixed(c.singleMs)} ms)`;
  return `a fixed loop on every core got ${at(before)} before${after ? `, ${at(after)} after` : ''}.`;
}

function kernelsText(report: BenchmarkReport): string {
  const ran = `${KERNEL_INFO[report.kernels].title} (--kernels ${report.kernels})`;
  return report.kernelsFallback === undefined
    ? `${ran}, in every run.`
    : `${ran}, not WebAssembly as asked: ${report.kernelsFallback} (see the warnings).`;
}

/** A benchmark report as terminal text, for `pixelpool bench` without --json. Pure: no I/O, no colour. */
export function formatReport(report: BenchmarkReport): string {
  const lines = [
    `Pipeline: ${pipelineText(report)}`,
    ...wrap(machineLine(report), 'Machine:  ', '          '),
    ...wrap(calibrationText(report), 'Load:     ', '          '),
    `Images:   ${report.images.length} (${fixed(report.totalMegapixels, 2)} MP in all)`,
    ...wrap(kernelsText(report), 'Kernels:  ', '          '),
    ...(report.pool === 'processes'
      ? wrap(
          'child processes (--pool processes): each strip is copied to its process and back as a message',
          'Workers:  ',
          '          ',
        )
      : []),
    ...wrap(roundsText(report), 'Runs:     ', '          '),
  ];
  if (report.warnings.length > 0) {
    lines.push('', 'Warnings:');
    for (const warning of report.warnings) lines.push(...wrap(warning, '  ! ', '    '));
  }
  lines.push(...scopeLines(report, 'filter'), ...scopeLines(report, 'job'));
  lines.push(
    '',
    ...wrap(
      "eff. = speedup / workers; cv = spread of the run times (standard deviation / mean); outl. = outliers beyond Tukey fences (1.5 IQR), counted, not removed. 95% interval: bootstrap of the median pair. dispatch and compute are summed over strips and workers (CPU time, so they can exceed the median); idle = worker time not computing; vs serial = the workers' compute time / the serial compute time of the same pair (about 1 when the cores delivered).",
      '',
      '',
    ),
  );
  if (report.reference) {
    const r = report.reference;
    lines.push(
      ...wrap(
        `Reference: sharp ${r.operation} at concurrency 1: ${fixed(r.megapixelsPerSecond)} MP/s; JS serial: ${fixed(r.jsSerialMegapixelsPerSecond)} MP/s (${fixed(r.ratio, 2)}x sharp).`,
        '',
        '  ',
      ),
    );
  }
  return lines.join('\n');
}
