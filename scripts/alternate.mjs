#!/usr/bin/env node
// Times whole commands run in turn (A B C A B C …), so that a machine that slows down or speeds up
// during the measurement affects every command alike; prints per command the median wall time, CPU
// time (user + sys, children included) and peak RSS, with the min-max range, and each median's ratio
// to the first command's. Uses GNU time (/usr/bin/time, Debian's `time` package) for CPU and RSS.
//   node scripts/alternate.mjs <rounds> '<command A>' '<command B>' …
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const [roundsArg, ...commands] = process.argv.slice(2);
const rounds = Number(roundsArg);
if (!Number.isInteger(rounds) || rounds < 1 || commands.length === 0) {
  console.error("usage: node scripts/alternate.mjs <rounds> '<command>' ['<command>' …]");
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'alternate-'));
const report = join(dir, 'time.txt');
const samples = commands.map(() => []);

function runOnce(command) {
  const run = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', '-o', report, 'sh', '-c', command], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (run.status !== 0) throw new Error(`${command} failed (${run.status}): ${run.stderr}`);
  const [wall, user, sys, rssKb] = readFileSync(report, 'utf8').trim().split(/\s+/).map(Number);
  return { wall, cpu: user + sys, rssMb: rssKb / 1024 };
}

for (const command of commands) runOnce(command); // warm-up: file cache, JIT caches
for (let round = 0; round < rounds; round++) {
  commands.forEach((command, k) => {
    samples[k].push(runOnce(command));
  });
}
rmSync(dir, { recursive: true, force: true });

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = samples.map((runs) => {
  const of = (key) => runs.map((r) => r[key]);
  return {
    wall: median(of('wall')),
    wallRange: [Math.min(...of('wall')), Math.max(...of('wall'))],
    cpu: median(of('cpu')),
    rss: median(of('rssMb')),
    rssMax: Math.max(...of('rssMb')),
  };
});
console.log(`${rounds} rounds, commands alternated; medians (min-max); ratios to the first command's median`);
commands.forEach((command, k) => {
  const s = stats[k];
  console.log(
    `${String.fromCharCode(65 + k)}  wall ${s.wall.toFixed(2)} s (${s.wallRange.map((x) => x.toFixed(2)).join('-')})` +
      `  ${(s.wall / stats[0].wall).toFixed(2)}x  CPU ${s.cpu.toFixed(2)} s  ${(s.cpu / stats[0].cpu).toFixed(2)}x` +
      `  peak RSS ${s.rss.toFixed(0)} MB (max ${s.rssMax.toFixed(0)})  ${command}`,
  );
});
