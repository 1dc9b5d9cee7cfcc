/**
 * Single-thread throughput of the JS and the WebAssembly kernels beside sharp (libvips) at concurrency 1,
 * on the same raw RGBA image, in one run. sharp is used here only as a reference, never in workers/.
 *
 * Bundle it first, as the worker is bundled (a TS loader such as jiti turns imports into getters that
 * can halve the speed of per-pixel code), after `npm run build` (which makes out/main/workers/kernels.wasm):
 *   npx rolldown scripts/bench-kernels.ts -f cjs -p node -e sharp -o out/bench/bench-kernels.cjs
 *   node out/bench/bench-kernels.cjs [megapixels=20] [repeats=5] [filters...]
 * With no filters it times sharp's blur(3) and 3x3 convolve, then every filter with a wasm kernel (at its
 * defaults, and gaussian-blur at sigma 3) as JS, as wasm through runPipeline (the strip copied into the
 * wasm memory and the result copied out, as a worker does), and as the wasm kernel alone on pixels
 * already in the wasm memory (what an arena inside a WebAssembly.Memory would give). Filters given as
 * `id` or `id:key=value,key=value` are timed alone. Every wasm output is checked against the JS one.
 * Rates are megapixels per second: of wall time, median of the repeats and [min-max], then of CPU time
 * (median), which other work on a shared machine disturbs less.
 */
import sharp, { type Sharp } from 'sharp';
import { resolvePipeline } from '../workers/filters/index';
import type { Strip } from '../workers/filters/types';
import { runPipeline } from '../workers/pipeline';
import { loadWasmKernels, WASM_FILTER_IDS, type WasmKernels, type WasmStrip } from '../workers/wasm-kernels';

const megapixels = Number(process.argv[2] ?? 20);
const repeats = Number(process.argv[3] ?? 5);
const only = process.argv.slice(4);

// 20 MP is 5472 x 3648, a common 3:2 sensor.
const width = Math.round(Math.sqrt(megapixels * 1e6 * 1.5));
const height = Math.round((megapixels * 1e6) / width);
const mp = (width * height) / 1e6;

function makeImage(): Uint8Array {
  // Smooth gradients plus noise: photo-like enough, and the kernels' cost does not depend on content
  // (the median's sorting networks do not branch either).
  const data = new Uint8Array(width * height * 4);
  let seed = 12345;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i += 4) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const n = seed >>> 27;
      data[i] = ((x * 255) / width + n) & 255;
      data[i + 1] = ((y * 255) / height + n) & 255;
      data[i + 2] = ((x + y) & 255) ^ n;
      data[i + 3] = 255;
    }
  }
  return data;
}

/** Wall and CPU milliseconds of each repeat (CPU time is less disturbed by other work on a shared machine). */
interface Times {
  wall: number[];
  cpu: number[];
}

async function repeat(run: () => unknown): Promise<Times> {
  const times: Times = { wall: [], cpu: [] };
  for (let i = 0; i <= repeats; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await run();
    if (i === 0) continue; // a warm-up: JIT, scratch buffers, pages
    times.wall.push(performance.now() - t0);
    const cpu = process.cpuUsage(cpu0);
    times.cpu.push((cpu.user + cpu.system) / 1000);
  }
  return times;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "median [min-max]" in MP/s, of wall time, and the median of CPU time. */
function rate(t: Times | undefined): string {
  if (!t) return '-';
  const r = (ms: number) => (mp / (ms / 1000)).toFixed(0);
  return `${r(median(t.wall))} [${r(Math.max(...t.wall))}-${r(Math.min(...t.wall))}] cpu ${r(median(t.cpu))}`;
}

function timeSharp(data: Uint8Array, op: (s: Sharp) => Sharp): Promise<Times> {
  return repeat(() =>
    op(sharp(data, { raw: { width, height, channels: 4 } }))
      .raw()
      .toBuffer(),
  );
}

interface Row {
  name: string;
  js?: Times;
  wasm?: Times;
  inPlace?: Times;
}

async function timeFilter(data: Uint8Array, spec: string, wasm: WasmKernels | undefined): Promise<Row> {
  // id or id:key=value,key=value
  const [id, rest] = spec.split(':');
  const params = Object.fromEntries(
    (rest ? rest.split(',') : []).map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]),
  );
  const steps = resolvePipeline([{ id, params }]);
  const src: Strip = { data, width, imageHeight: height, y0: 0, rows: height };
  const jsOut = new Uint8Array(data.length);
  const row: Row = { name: spec };
  row.js = await repeat(() => runPipeline(steps, src, { ...src, data: jsOut }));
  if (!wasm) return row;
  const wasmOut = new Uint8Array(data.length);
  const options = { kernels: 'wasm' as const, wasm: () => ({ kernels: wasm }) };
  row.wasm = await repeat(() => runPipeline(steps, src, { ...src, data: wasmOut }, options));
  if (!Buffer.from(wasmOut).equals(Buffer.from(jsOut)))
    throw new Error(`${spec}: wasm output differs from JS`);
  // The kernel alone: source and output already in the wasm memory.
  const { filter, params: p } = steps[0];
  wasm.reset();
  const bytes = data.length;
  const inAt = wasm.reserve(bytes);
  const outAt = wasm.reserve(bytes);
  const scratch = wasm.reserve(wasm.scratchBytes(id, width, p));
  wasm.commit();
  wasm.bytes(inAt, bytes).set(data);
  const band = (at: number): WasmStrip => ({ at, width, imageHeight: height, y0: 0, rows: height });
  if (filter.id === id) row.inPlace = await repeat(() => wasm.run(id, band(inAt), band(outAt), p, scratch));
  return row;
}

/** The cost of the copies alone: the strip's rows into the wasm memory and the result back out. */
async function timeCopies(data: Uint8Array, wasm: WasmKernels): Promise<Times> {
  const out = new Uint8Array(data.length);
  wasm.reset();
  const at = wasm.reserve(data.length);
  const back = wasm.reserve(data.length);
  wasm.commit();
  return repeat(() => {
    wasm.bytes(at, data.length).set(data);
    out.set(wasm.bytes(back, data.length));
  });
}

async function main(): Promise<void> {
  sharp.concurrency(1);
  console.log(
    `image ${width}x${height} RGBA (${mp.toFixed(1)} MP), ${repeats} repeats after a warm-up, one thread`,
  );
  console.log(`sharp.concurrency() = ${sharp.concurrency()}, node ${process.version}, ${process.arch}`);
  console.log('MP/s of wall time: median [min-max] of the repeats; cpu: MP/s of CPU time, median\n');
  const data = makeImage();
  const load = loadWasmKernels();
  if (!load.kernels) console.log(`${load.reason}\n`);
  const rows: Row[] = [];
  if (only.length === 0) {
    rows.push({ name: 'sharp blur(3)', js: await timeSharp(data, (s) => s.blur(3)) });
    const kernel = { width: 3, height: 3, kernel: [-1, 0, 1, -2, 0, 2, -1, 0, 1] };
    rows.push({ name: 'sharp convolve 3x3', js: await timeSharp(data, (s) => s.convolve(kernel)) });
  }
  const specs = only.length ? only : ['gaussian-blur:sigma=3', ...WASM_FILTER_IDS];
  for (const spec of specs) rows.push(await timeFilter(data, spec, load.kernels));
  if (load.kernels) rows.push({ name: '(copy in + copy out)', wasm: await timeCopies(data, load.kernels) });

  const cells = rows.map((r) => {
    const speedup = r.js && r.wasm ? `${(median(r.js.wall) / median(r.wasm.wall)).toFixed(2)}x` : '';
    return [r.name, rate(r.js), rate(r.wasm), rate(r.inPlace), speedup];
  });
  const head = ['filter', 'JS (or sharp)', 'wasm (with copies)', 'wasm kernel alone', 'wasm/JS'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(head));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const c of cells) console.log(line(c));
}

void main();
