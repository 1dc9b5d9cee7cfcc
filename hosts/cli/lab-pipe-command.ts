/**
 * `pixelpool lab pipe [images…]`: a pipe's two ends against a queue's many producers, on a photo's
 * pixels (engine/lab/pipe.ts). Runs on the first photo of the inputs (the sample photos by default).
 */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import { decodeImage } from '../../engine/images/index';
import { type PipeReport, runPipe } from '../../engine/lab/pipe';
import {
  formatMbPerSecond,
  formatUs,
  type LabPipeChannel,
  labWarnings,
  PIPE_CHANNEL_INFO,
  pipeFindings,
  pipeIntro,
} from '../../shared/lab';
import { labInputs } from './lab-inputs';

export interface PipeCommandOptions {
  workers?: number;
  runs?: number;
  json?: boolean;
}

const WIDTHS = [19, 7, 7, 12, 8, 6, 11, 6];

/** One line of the table, the first column left-aligned and the numbers right-aligned. */
function line(cells: string[]): string {
  return cells.map((cell, k) => (k === 0 ? cell.padEnd(WIDTHS[k]) : cell.padStart(WIDTHS[k]))).join('  ');
}

function row(c: LabPipeChannel): string {
  const p = c.roundTripPercentilesUs;
  return line([
    PIPE_CHANNEL_INFO[c.name].title,
    String(c.producers),
    formatUs(c.roundTripUs.median),
    `${formatUs(p.p10)}-${formatUs(p.p90)}`,
    c.putToGetUs ? formatUs(c.putToGetUs.median) : '-',
    formatMbPerSecond(c.mbPerSecond.median),
    `${formatMbPerSecond(c.mbPerSecond.min)}-${formatMbPerSecond(c.mbPerSecond.max)}`,
    c.intact ? 'yes' : `no (${c.corruptChunks})`,
  ]);
}

export function formatPipe(report: PipeReport): string {
  // The sentences are the app's Lab panel's too (shared/lab/pipe.ts): one wording of the result.
  return `${[
    ...pipeIntro(report),
    '',
    line(['channel', 'writers', 'RTT µs', 'p10-p90 µs', 'put→get', 'MB/s', 'MB/s range', 'intact']),
    line(WIDTHS.map((w) => '-'.repeat(w))),
    ...report.channels.map(row),
    '',
    `RTT µs: a small message there and back, the median of each run's ${report.pingsPerRun} pings, then the median of the ${report.runs} runs (queue: from asking every producer to put one to getting it); p10-p90: over every ping. put→get: the queue's one-way time of a small message. MB/s: the photo one way, to the last byte acknowledged (queue: got), median and range of the runs. intact: every chunk's length and checksum equal the bytes sent.`,
    '',
    ...pipeFindings(report).map((f) => f.text),
    ...labWarnings(report).flatMap((warning) => ['', warning]),
  ].join('\n')}\n`;
}

/** `pixelpool lab pipe [images…]`: returns the exit code. */
export async function pipeCommand(inputs: string[], opts: PipeCommandOptions): Promise<number> {
  const [path] = await labInputs(inputs);
  const image = await decodeImage(path);
  const report = await runPipe(image, {
    workers: opts.workers ?? availableParallelism(),
    runs: opts.runs,
    label: basename(path),
  });
  process.stdout.write(
    opts.json ? `${JSON.stringify({ image: path, ...report }, null, 2)}\n` : formatPipe(report),
  );
  return 0;
}
