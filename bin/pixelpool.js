#!/usr/bin/env -S MALLOC_ARENA_MAX=2 node
// The `pixelpool` command: a shim that loads the bundled CLI (hosts/cli/index.ts, built by
// `npm run build` into out/main/hosts/cli.js; `npm install` builds it through `prepare`).

const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

// On glibc every thread that allocates gets its own malloc arena, so libvips' threads fragment
// memory (a 50-photo batch peaked at 627 MB instead of 484 MB), and sharp falls back to one thread.
// glibc reads MALLOC_ARENA_MAX only at process start, and Node 20 cannot exec. Started as a command
// (the npm bin link, ./bin/pixelpool.js), the #! line has env set it before node starts: no second
// process, about 0.1 s sooner. Started as `node bin/pixelpool.js`, the #! line is not read: run
// ourselves once more with it set. The child must never outlive this process: it gets every signal we get (the CLI
// counts the copy a terminal also sends it as one), and an IPC channel whose end tells it we died,
// even by SIGKILL, which no handler sees.
function runWithArenaLimit() {
  const child = spawn(process.execPath, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, MALLOC_ARENA_MAX: '2' },
  });
  for (const signal of FORWARDED_SIGNALS) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (!signal) process.exit(code ?? 1);
    // Die of the same signal, as a shell expects; our own forwarding handlers must not catch it.
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
  child.on('error', (err) => {
    process.stderr.write(`pixelpool: could not start: ${err.message}\n`);
    process.exit(1);
  });
}

/** In the child: when the shim that started us is gone, cancel as SIGTERM would (nothing partial left). */
function stopWithParent() {
  if (!process.channel) return;
  process.channel.unref();
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
}

function run() {
  const cli = join(__dirname, '..', 'out', 'main', 'hosts', 'cli.js');
  if (!existsSync(cli)) {
    process.stderr.write(
      `pixelpool: the command line is not built yet (${cli} is missing).\n` +
        `Run \`npm run build\` in ${join(__dirname, '..')} (npm install runs it too), then try again.\n`,
    );
    process.exit(1);
  }
  stopWithParent();
  const { main } = require(cli);
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
      setTimeout(() => process.exit(code), 3000).unref();
    },
    (err) => {
      process.stderr.write(`pixelpool: ${err?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}

if (process.platform === 'linux' && process.env.MALLOC_ARENA_MAX === undefined) runWithArenaLimit();
else run();
