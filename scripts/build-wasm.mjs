/**
 * Compiles the AssemblyScript kernels (workers/wasm/*.ts) into out/main/workers/kernels.wasm, beside the
 * built worker that loads it (workers/wasm-kernels.ts). Never committed: every build makes it from source.
 *
 * Run by the main build of electron.vite.config.ts after electron-vite has emptied and written out/main
 * (so `npm run build`, `prepare` on a fresh clone, `dev`, `web`, `dist` and Vitest's globalSetup all get
 * it), or alone: `node scripts/build-wasm.mjs [outFile]`.
 *
 * A compile takes ~2 s; the result is cached under node_modules/.cache/pixelpool-wasm by a hash of the
 * sources, the flags and the compiler's version, so a rebuild with unchanged sources is a copy.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sourceDir = join(root, 'workers', 'wasm');
export const DEFAULT_OUT = join(root, 'out', 'main', 'workers', 'kernels.wasm');

/**
 * The memory the module imports: shared (so one memory can serve several workers), growable to 4 GiB.
 * The host must create it with the same `maximum` (65536 pages, WASM_MAX_PAGES in workers/wasm-kernels.ts)
 * or instantiation fails with a LinkError.
 */
export const FLAGS = [
  '-O3',
  '--runtime',
  'stub',
  '--enable',
  'simd',
  '--enable',
  'threads',
  '--importMemory',
  '--sharedMemory',
  '--initialMemory',
  '1',
  '--maximumMemory',
  '65536',
  // AS112: v128 in the signature of an exported helper; only the entry's exports reach the host.
  '--disableWarning',
  '112',
];

function sources() {
  return readdirSync(sourceDir)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(sourceDir, f)) }));
}

function compilerVersion() {
  const require = createRequire(import.meta.url);
  return JSON.parse(readFileSync(require.resolve('assemblyscript/package.json'), 'utf8')).version;
}

/** Writes the kernels to `outFile`; returns how (compiled or from the cache) and how long it took. */
export async function buildWasm(outFile = DEFAULT_OUT, flags = FLAGS) {
  const started = performance.now();
  const hash = createHash('sha256');
  hash.update(`${compilerVersion()}\n${flags.join(' ')}\n`);
  for (const { name, text } of sources()) hash.update(name).update('\0').update(text).update('\0');
  const key = hash.digest('hex').slice(0, 20);
  const cacheDir = join(root, 'node_modules', '.cache', 'pixelpool-wasm');
  const cached = join(cacheDir, `${key}.wasm`);
  mkdirSync(dirname(outFile), { recursive: true });
  if (existsSync(cached)) {
    copyFileSync(cached, outFile);
    return { outFile, cached: true, ms: performance.now() - started };
  }
  const asc = await import('assemblyscript/asc');
  let binary;
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main([join(sourceDir, 'index.ts'), ...flags, '--outFile', 'kernels.wasm'], {
    stdout: asc.createMemoryStream(),
    stderr,
    writeFile: (name, contents) => {
      if (name.endsWith('.wasm')) binary = contents;
    },
  });
  if (error || !binary) {
    throw new Error(
      `AssemblyScript compile of workers/wasm failed: ${error?.message ?? 'no output'}\n${stderr.toString()}`,
    );
  }
  const warnings = stderr.toString().trim();
  if (warnings) process.stderr.write(`${warnings}\n`);
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`;
  writeFileSync(partial, binary);
  renameSync(partial, cached);
  copyFileSync(cached, outFile);
  return { outFile, cached: false, ms: performance.now() - started };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { outFile, cached, ms } = await buildWasm(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT);
  console.log(`${outFile}: ${cached ? 'from the cache' : 'compiled'} in ${Math.round(ms)} ms`);
}
