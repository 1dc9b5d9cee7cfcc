/**
 * The text of `pixelpool lab pool`: when each method's results reached the caller, as a table and as a
 * timeline on one scale, then what that says about the Python call each method mirrors. Every figure
 * comes from the report; the sentences only compare them.
 */
import { type PoolMethodResult, type PoolMethodsReport, PYTHON_NAMES } from '../../engine/lab/pool-methods';

/** Width of the timeline, characters. */
const TIMELINE = 48;

const ms = (n: number) => `${Math.round(n)} ms`;

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

function orderText(method: PoolMethodResult): string {
  return method.arrivals.map((a) => a.index + 1).join(',');
}

function sizesText(report: PoolMethodsReport): string {
  const sizes = [...new Set(report.images.map((i) => `${i.width}x${i.height}`))];
  return sizes.length === 1 ? `all ${sizes[0]}` : sizes.join(', ');
}

export function formatPoolMethods(report: PoolMethodsReport, filters: string): string {
  const longest = Math.max(...report.methods.map((m) => m.totalMs));
  const n = report.images.length;
  const lines = [
    `Pool methods: ${n} photo${n === 1 ? '' : 's'} (${sizesText(report)}, ${report.megapixels.toFixed(1)} MP in all), ${filters}, on one pool of ${report.workers} workers, warmed up once; the photos decoded before anything is timed.`,
    `${report.rounds} round${report.rounds === 1 ? '' : 's'}, every method once a round, taking turns; each row is the method's median round: when each result reached the caller, ms from the method's start.`,
    'The timeline marks image #k where it arrived (* several at once), on one scale for all.',
    '',
    `method          total ms  rounds' range  first ms  ${'timeline'.padEnd(TIMELINE)}  arrivals (ms #image)`,
    `--------------  --------  -------------  --------  ${'-'.repeat(TIMELINE)}  --------------------`,
    ...report.methods.map((m) => {
      const first = Math.min(...m.arrivals.map((a) => a.ms));
      const arrivals = m.arrivals.map((a) => `${Math.round(a.ms)} #${a.index + 1}`).join(', ');
      const range = `${Math.round(Math.min(...m.roundsMs))}-${Math.round(Math.max(...m.roundsMs))}`;
      return `${m.name.padEnd(14)}  ${m.totalMs.toFixed(1).padStart(8)}  ${range.padStart(13)}  ${first.toFixed(1).padStart(8)}  ${timeline(m, longest)}  ${arrivals}`;
    }),
    '',
  ];
  const by = Object.fromEntries(report.methods.map((m) => [m.name, m])) as Partial<
    Record<PoolMethodResult['name'], PoolMethodResult>
  >;
  const first = (m: PoolMethodResult) => Math.min(...m.arrivals.map((a) => a.ms));
  const { apply, applyAsync, map, imap } = by;
  const unordered = by.imap_unordered;
  if (imap && map) {
    lines.push(
      `imap delivered its first result at ${ms(first(imap))}, map at ${ms(first(map))}: ${PYTHON_NAMES.map} returns the whole list once every image is done, ${PYTHON_NAMES.imap} yields each result, in input order, as soon as it and those before it are done; both took about as long in all (${ms(map.totalMs)} and ${ms(imap.totalMs)}).`,
    );
  }
  if (apply && applyAsync) {
    const blocked = apply.totalMs > 1.1 * applyAsync.totalMs;
    lines.push(
      blocked
        ? `apply took ${ms(apply.totalMs)}, applyAsync ${ms(applyAsync.totalMs)}: ${PYTHON_NAMES.apply} blocks until its one result is back, so each photo is submitted only when the one before is done and the workers wait in between; ${PYTHON_NAMES.applyAsync} submits them all at once and its callback runs as each finishes (first at ${ms(first(applyAsync))}).`
        : `apply took ${ms(apply.totalMs)}, applyAsync ${ms(applyAsync.totalMs)}: ${PYTHON_NAMES.apply} blocks until its one result is back, yet one photo at a time cost little here, as this pool cuts each photo into strips for every worker; in Python a task is one call on one worker, so apply keeps one worker busy and ${PYTHON_NAMES.applyAsync}, submitting all at once with a callback as each finishes (first here at ${ms(first(applyAsync))}), keeps them all busy.`,
    );
  }
  if (unordered && imap) {
    const same = orderText(unordered) === orderText(imap);
    lines.push(
      same
        ? `imap_unordered delivered in the same order as imap (${orderText(unordered)}): this pool cuts every photo into strips and takes them first in, first out, so photos finish in the order they were submitted; ${PYTHON_NAMES.imap_unordered} gains over imap when an early task is slow and later ones are not.`
        : `imap_unordered delivered in the order the photos finished (${orderText(unordered)}), imap held them back to input order (${orderText(imap)}): ${PYTHON_NAMES.imap_unordered} yields whatever is done first.`,
    );
  }
  for (const warning of report.machine.warnings) lines.push('', warning);
  return `${lines.join('\n')}\n`;
}
