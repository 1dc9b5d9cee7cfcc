/**
 * `pixelpool lab <experiment>`: the multiprocessing lab on the command line, one experiment per idea,
 * on the user's own photo. Each prints its measured numbers and a few sentences that tie them to the
 * idea and the Python API it mirrors, or with --json one object.
 */
import { availableParallelism } from 'node:os';
import { decodeImage } from '../../engine/images/index';
import { type RaceReport, runRace } from '../../engine/lab/race';
import { raceFindings, raceIntro } from '../../shared/lab';

export interface RaceCommandOptions {
  workers?: number;
  runs?: number;
  json?: boolean;
}

function formatRace(report: RaceReport): string {
  const rows = report.variants.map((v) => {
    const lost = v.runs.map((run) => run.lost).join(' ');
    return `${v.name.padEnd(15)}  ${v.ms.toFixed(1).padStart(9)}  ${(v.exact ? 'yes' : 'no').padEnd(15)}  ${lost}`;
  });
  // The sentences are the app's Lab panel's too (shared/lab.ts): one wording of the result.
  const lines = [
    ...raceIntro(report),
    '',
    'variant          median ms  every bin right  counts lost, run by run',
    '---------------  ---------  ---------------  -----------------------',
    ...rows,
    '',
    ...raceFindings(report).map((finding) => finding.text),
  ];
  return `${lines.join('\n')}\n`;
}

/** `pixelpool lab race <image>`: returns the exit code. */
export async function raceCommand(path: string, opts: RaceCommandOptions): Promise<number> {
  const image = await decodeImage(path);
  const report = await runRace(image, opts.workers ?? availableParallelism(), { runs: opts.runs });
  process.stdout.write(
    opts.json ? `${JSON.stringify({ image: path, ...report }, null, 2)}\n` : formatRace(report),
  );
  return 0;
}
