/**
 * Fault injection, signals. Promise checked: whenever `pixelpool batch` (bin/pixelpool.js) is
 * interrupted, what is on disk is sound. SIGINT, SIGTERM and SIGKILL land at seeded-random moments
 * of a 12-photo batch; afterwards every file in the output folder is a complete, decodable image
 * with its expected name and the inputs are untouched. After SIGINT and SIGTERM no temp file is
 * left and the exit is 130 or 143 (or the command died of that very signal before the CLI took it
 * over, which a shell reports the same way). After SIGKILL temp files may remain (cleaning them up
 * on a later run is someone else's work): only the visible files are checked.
 *
 * The fast run sends one signal of each kind, the full run five; FAULTS_SEED moves the moments.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isTempName } from '../engine/batch/output';
import { Rng } from './corpus';
import {
  copyPhotos,
  decodeWhole,
  editedPng,
  FULL,
  hashFolder,
  invertBatch,
  killGroup,
  parseSummary,
  pixelpool,
  ROOT,
  type Run,
  SEED,
  tempFiles,
} from './helpers';

const PHOTO_COUNT = 12;
const RUNS = FULL ? 5 : 1;
/** A 12-photo batch takes about 5 s here (2 workers, PNG out); moments are drawn from 0 to this. */
const MAX_DELAY_MS = 6000;
const EXIT_CODE = { SIGINT: 130, SIGTERM: 143 } as const;

type Signal = 'SIGINT' | 'SIGTERM' | 'SIGKILL';
interface Interruption {
  signal: Signal;
  /** The command's pid alone (as a supervisor or `kill` does), or its process group with the CLI in it. */
  to: 'command' | 'group';
  delayMs: number;
}

const rng = new Rng(SEED ^ 0x51_6e_a1);
const plan: Interruption[] = [];
for (const signal of ['SIGINT', 'SIGTERM', 'SIGKILL'] as const) {
  for (let i = 0; i < RUNS; i++) {
    plan.push({
      signal,
      to: signal === 'SIGKILL' && i % 2 === 0 ? 'group' : 'command',
      delayMs: rng.int(0, MAX_DELAY_MS),
    });
  }
}

let dir: string;
let inputs: string;
let names: string[];
let inputHashes: Record<string, string>;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-faults-signals-'));
  inputs = join(dir, 'in');
  names = await copyPhotos(inputs, PHOTO_COUNT);
  inputHashes = await hashFolder(inputs);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * Every visible file in `out` is a whole 2560 x 1600 PNG named after an input; hidden files are
 * allowed only when `tempAllowed`, and only the batch's own temp names. Returns the visible names.
 */
async function expectSoundOutputs(out: string, tempAllowed: boolean): Promise<string[]> {
  const expected = new Set(names.map(editedPng));
  const visible: string[] = [];
  for (const name of await readdir(out).catch(() => [] as string[])) {
    if (name.startsWith('.')) {
      expect(tempAllowed && isTempName(name), `left in the output folder: ${name}`).toBe(true);
      continue;
    }
    expect(expected.has(name), `unexpected output ${name}`).toBe(true);
    const image = await decodeWhole(join(out, name)).catch((e: Error) => e);
    expect(image, `${name} is not a whole image`).toMatchObject({ format: 'png', width: 2560, height: 1600 });
    visible.push(name);
  }
  return visible.sort();
}

describe(`a 12-photo batch interrupted at seeded moments (seed ${SEED})`, () => {
  for (const { signal, to, delayMs } of plan) {
    it(`${signal} to the ${to} after ${delayMs} ms leaves only whole outputs`, async () => {
      const out = join(dir, `out-${signal}-${to}-${delayMs}`);
      let summaryBeforeSignal = true; // stays true when the command was gone before the moment came
      const run: Run = await pixelpool(invertBatch([inputs], out), {
        onSpawn(child) {
          let printed = '';
          child.stdout?.on('data', (d) => {
            printed += d;
          });
          const timer = setTimeout(() => {
            summaryBeforeSignal = /^Wrote /m.test(printed);
            if (to === 'group') killGroup(child, signal);
            else child.kill(signal);
          }, delayMs);
          child.on('exit', () => clearTimeout(timer));
        },
      });
      const what = `${signal} after ${delayMs} ms: exit ${run.code ?? run.signal}\n${run.stdout}\n${run.stderr}`;
      expect(run.timedOut, what).toBe(false);
      const written = await expectSoundOutputs(out, signal === 'SIGKILL');
      // The signal may come after the last file: then the batch simply succeeded.
      const finished = run.code === 0 && written.length === PHOTO_COUNT;
      if (signal === 'SIGKILL') {
        expect(run.signal === 'SIGKILL' || finished, what).toBe(true);
      } else {
        expect(await tempFiles(out), what).toEqual([]);
        const cancelled = run.code === EXIT_CODE[signal] && parseSummary(run.stdout).cancelled;
        if (cancelled) expect(parseSummary(run.stdout).written, what).toBe(written.length);
        const diedOfIt = run.code === null && run.signal === signal;
        expect(cancelled || diedOfIt || finished, what).toBe(true);
        // Not asserted (the pipe may lag behind): a batch that finished without a word of the signal
        // though it came before the summary most likely lost it, the defect checked deterministically below.
        if (finished && !summaryBeforeSignal && !run.stderr.includes('Cancelling')) {
          console.log(`[faults] ${signal} after ${delayMs} ms may have been lost (exit 0, no "Cancelling")`);
        }
      }
      expect(await hashFolder(inputs)).toEqual(inputHashes);
    }, 120_000);
  }
});

// FIXED, kept as its test (exitOnEarlySignals in hosts/cli/signals.ts, called first thing by main, and
// takeOver adding the CLI's handler before removing the others). The defect, with threads.js: it registers its own
// SIGINT/SIGTERM handlers when the CLI bundle loads ("terminate the workers, exit 0"), and the CLI
// takes the signals over only once `batch` starts, with process.removeAllListeners(s) then
// process.on(s). A signal that lands in between is either
//  - run by threads.js's handler, when the event loop turns before the take-over (a preset file to
//    read, for one): the process exits 0 at once, nothing done, and a script believes it succeeded;
//  - or lost: removeAllListeners closes the signal watcher that caught it before JavaScript saw it,
//    and the batch runs to the end and exits 0 as if never interrupted.
// Seen without any help: 9 of 252 runs of `kill -INT`/`kill -TERM` sent 350 to 1100 ms after the
// start (all 9 between 350 and 440 ms, idle machine; later under load) ended "Wrote 4 of 4", exit 0,
// no "Cancelling" line. Made deterministic here by a preload that sends the SIGINT right after
// threads.js registered its handlers. Adding the CLI's handler before removing the others keeps the
// watcher open (checked by hand): `process.on(s, handler)` first, then `off` for each displaced one.
describe('a SIGINT while the command is still starting', () => {
  const preload = join(ROOT, 'faults/fixtures/sigint-while-loading.cjs');
  // MALLOC_ARENA_MAX set: the shim runs the CLI in its own process, which the preload is in.
  const inProcess = { nodeArgs: ['--require', preload], env: { ...process.env, MALLOC_ARENA_MAX: '2' } };
  const expectCancelled = (run: Run) => {
    const what = `exit ${run.code ?? run.signal}\n${run.stdout}\n${run.stderr}`;
    expect(run.code === 130 || run.signal === 'SIGINT', what).toBe(true);
  };

  it('is not lost: the batch is cancelled (exit 130), not run to the end', async () => {
    const out = join(dir, 'loading-lost');
    const run = await pixelpool(
      invertBatch([join(inputs, names[0]), join(inputs, names[1])], out),
      inProcess,
    );
    await expectSoundOutputs(out, false);
    expectCancelled(run);
  }, 120_000);

  it('does not exit 0: with a preset to read, the command is cancelled (exit 130)', async () => {
    const out = join(dir, 'loading-exit0');
    const preset = join(ROOT, 'faults/fixtures/invert-preset.json');
    const args = invertBatch([join(inputs, names[0])], out).map((a) => (a === 'invert' ? `@${preset}` : a));
    const run = await pixelpool(args, inProcess);
    expectCancelled(run);
  }, 120_000);
});
