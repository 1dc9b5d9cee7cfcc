#!/usr/bin/env node
// The `pixelpool` command: a shim that loads the bundled CLI (electron/hosts/cli.ts, built by
// `npm run build` into out/main/hosts/cli.js; `npm install` builds it through `prepare`).

const { existsSync } = require('node:fs');
const { join } = require('node:path');

const cli = join(__dirname, '..', 'out', 'main', 'hosts', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write(
    `pixelpool: the command line is not built yet (${cli} is missing).\n` +
      `Run \`npm run build\` in ${join(__dirname, '..')} (npm install runs it too), then try again.\n`,
  );
  process.exit(1);
}
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
