import type { BenchmarkReport, BenchmarkRun } from './types';

function fixed(value: number, digits = 1): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
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

/** Lays rows out in columns: text left-aligned, numbers right-aligned. */
function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (rightAligned[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function runRow(run: BenchmarkRun): string[] {
  return [
    run.mode,
    String(run.workers),
    run.transport ?? '-',
    fixed(run.medianMs),
    fixed(run.megapixelsPerSecond),
    `${fixed(run.speedup, 2)}x`,
    percent(run.efficiency),
    fixed(run.split.dispatchMs),
    fixed(run.split.computeMs),
    fixed(run.split.reassembleMs),
    run.workerBusyShare.map(percent).join(' '),
  ];
}

/** A benchmark report as a terminal table, for `pixelpool bench` without --json. Pure: no I/O, no colour. */
export function formatReport(report: BenchmarkReport): string {
  const { machine } = report;
  const first = report.runs[0]?.split;
  const lines = [
    `Pipeline: ${pipelineText(report)}`,
    `Machine:  ${machine.cpuModel}, ${machine.cores} cores, Node ${machine.node}, ${machine.platform} ${machine.arch}`,
    `Images:   ${report.images.length} (${fixed(report.totalMegapixels, 2)} MP in all)` +
      (first
        ? `; decode ${fixed(first.decodeMs, 0)} ms, encode ${fixed(first.encodeMs, 0)} ms (once, not in the times below)`
        : ''),
    `Runs:     median of ${report.repeat} timed runs after ${report.warmup} warm-up, configurations taking turns (round-robin); filter stage only, all images`,
    '',
    table(
      [
        'mode',
        'workers',
        'transport',
        'median ms',
        'MP/s',
        'speedup',
        'efficiency',
        'dispatch ms',
        'compute ms',
        'reassemble ms',
        'worker busy',
      ],
      report.runs.map(runRow),
      [false, true, false, true, true, true, true, true, true, true, false],
    ),
    '',
    'speedup = serial median / this median; efficiency = speedup / workers; transport "-": the serial',
    '  baseline moves no pixels. dispatch and compute ms are summed over strips and workers (CPU time, so',
    '  they can exceed the median); reassemble ms is main-thread time building the output image from',
    '  strips (none for shared: workers write into it); worker busy is the share of the median run each',
    '  worker computed.',
  ];
  if (report.amdahl) {
    const { serialFraction, maxSpeedup, transport } = report.amdahl;
    lines.push(
      '',
      `Amdahl (${transport}): serial fraction ${fixed(serialFraction * 100, 1)}%` +
        (maxSpeedup === null ? ', no limit in sight' : `, speedup limit ${fixed(maxSpeedup, 1)}x`),
    );
  }
  if (report.reference) {
    const r = report.reference;
    lines.push(
      `Reference: sharp ${r.operation} at concurrency 1: ${fixed(r.megapixelsPerSecond)} MP/s; ` +
        `JS serial: ${fixed(r.jsSerialMegapixelsPerSecond)} MP/s (${fixed(r.ratio, 2)}x sharp)`,
    );
  }
  return lines.join('\n');
}
