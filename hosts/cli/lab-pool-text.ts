/**
 * The text of `pixelpool lab pool`: when each method's results reached the caller, as a table and as a
 * timeline on one scale, then what that says about the Python call each method mirrors, and the error a
 * task threw in a worker as the parent received it. The sentences are the app's too (shared/lab/pool.ts).
 */
import {
  firstArrival,
  type PoolMethodResult,
  type PoolMethodsReport,
  poolFindings,
  poolIntro,
} from '../../shared/lab';

/** Width of the timeline, characters. */
const TIMELINE = 48;

/** One method's arrivals on a line of TIMELINE characters, each image's number where it arrived. */
function timeline(method: PoolMethodResult, longestMs: number): string {
  const line = Array.from({ length: TIMELINE }, () => '·');
  for (const arrival of method.arrivals) {
    const at = Math.min(TIMELINE - 1, Math.round((arrival.ms / longestMs) * (TIMELINE - 1)));
    // Several results at one spot (map's all at once) show as '*'.
    const mark = arrival.index < 9 ? String(arrival.index + 1) : '+';
    line[at] = line[at] === '·' ? mark : '*';
  }
  return line.join('');
}

/** The error from the child: how it arrived, then its stack as the parent holds it. */
function childErrorLines(report: PoolMethodsReport): string[] {
  const error = report.childError;
  if (!error) return [];
  return [
    '',
    'The error from the child, as the parent received it (its stack, the worker-side frames marked >):',
    ...error.stack.split('\n').map((line) => {
      const frame = line.trim();
      return `${error.workerFrames.includes(frame) ? '>' : ' '} ${line}`;
    }),
  ];
}

export function formatPoolMethods(report: PoolMethodsReport, filters: string): string {
  const longest = Math.max(...report.methods.map((m) => m.totalMs));
  const lines = [
    ...poolIntro(report, filters),
    'The timeline marks image #k where it arrived (* several at once), on one scale for all.',
    '',
    `method          total ms  rounds' range  first ms  ${'timeline'.padEnd(TIMELINE)}  arrivals (ms #image)`,
    `--------------  --------  -------------  --------  ${'-'.repeat(TIMELINE)}  --------------------`,
    ...report.methods.map((m) => {
      const arrivals = m.arrivals.map((a) => `${Math.round(a.ms)} #${a.index + 1}`).join(', ');
      const range = `${Math.round(Math.min(...m.roundsMs))}-${Math.round(Math.max(...m.roundsMs))}`;
      return `${m.name.padEnd(14)}  ${m.totalMs.toFixed(1).padStart(8)}  ${range.padStart(13)}  ${firstArrival(m).toFixed(1).padStart(8)}  ${timeline(m, longest)}  ${arrivals}`;
    }),
    '',
    ...poolFindings(report).map((finding) => finding.text),
    ...childErrorLines(report),
  ];
  for (const warning of report.machine.warnings) lines.push('', warning);
  return `${lines.join('\n')}\n`;
}
