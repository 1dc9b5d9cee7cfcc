/**
 * Single-thread throughput of the JS kernels beside sharp (libvips) at concurrency 1, on the same raw
 * RGBA image. sharp is used here only as a reference, never in workers/.
 *
 * Bundle it first, as the worker is bundled (a TS loader such as jiti turns imports into getters that
 * can halve the speed of per-pixel code):
 *   npx rolldown scripts/bench-kernels.ts -f cjs -p node -e sharp -o out/bench/bench-kernels.cjs
 *   node out/bench/bench-kernels.cjs [megapixels=20] [repeats=5] [filters...]
 * With no filters it compares gaussian-blur (sigma 3) with sharp's blur(3) and sobel with sharp's 3x3
 * convolve; filters given as `id` or `id:key=value,key=value` are timed alone.
 */
import sharp, { type Sharp } from 'sharp';
import { resolvePipeline } from '../workers/filters/index';
import type { Strip } from '../workers/filters/types';
import { runPipeline } from '../workers/pipeline';

const megapixels = Number(process.argv[2] ?? 20);
const repeats = Number(process.argv[3] ?? 5);
const only = process.argv.slice(4);

const width = Math.round(Math.sqrt(megapixels * 1e6 * 1.5));
const height = Math.round((megapixels * 1e6) / width);
const mp = (width * height) / 1e6;

function makeImage(): Uint8Array {
  // Smooth gradients plus noise: photo-like enough, and the kernels' cost does not depend on content.
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

/** Wall and CPU milliseconds of each run. CPU time is less disturbed by other processes on a shared machine. */
interface Timing {
  wall: number[];
  cpu: number[];
}

function timed(run: () => unknown): Promise<{ wall: number; cpu: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return Promise.resolve(run()).then(() => {
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    return { wall, cpu: (cpu.user + cpu.system) / 1000 };
  });
}

async function repeat(run: () => unknown): Promise<Timing> {
  const timing: Timing = { wall: [], cpu: [] };
  for (let i = 0; i <= repeats; i++) {
    const t = await timed(run);
    if (i === 0) continue; // warm-up: JIT compilation, allocation of scratch buffers
    timing.wall.push(t.wall);
    timing.cpu.push(t.cpu);
  }
  return timing;
}

function median(ms: number[]): number {
  return [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)];
}

function report(name: string, t: Timing): void {
  const rate = (ms: number) => (mp / (ms / 1000)).toFixed(1).padStart(6);
  console.log(
    `${name.padEnd(28)} wall: best ${rate(Math.min(...t.wall))} median ${rate(median(t.wall))} MP/s` +
      `   cpu: best ${rate(Math.min(...t.cpu))} median ${rate(median(t.cpu))} MP/s`,
  );
}

function timeSharp(data: Uint8Array, op: (s: Sharp) => Sharp): Promise<Timing> {
  return repeat(() =>
    op(sharp(data, { raw: { width, height, channels: 4 } }))
      .raw()
      .toBuffer(),
  );
}

function timeJs(data: Uint8Array, spec: string, params: Record<string, number>): Promise<Timing> {
  const steps = resolvePipeline([{ id: spec, params }]);
  const src: Strip = { data, width, imageHeight: height, y0: 0, rows: height };
  const dst: Strip = { data: new Uint8Array(data.length), width, imageHeight: height, y0: 0, rows: height };
  return repeat(() => runPipeline(steps, src, dst));
}

async function main(): Promise<void> {
  sharp.concurrency(1);
  console.log(`image ${width}x${height} RGBA (${mp.toFixed(1)} MP), ${repeats} repeats after a warm-up`);
  console.log(`sharp.concurrency() = ${sharp.concurrency()}, node ${process.version}`);
  const data = makeImage();
  if (only.length === 0) {
    report('sharp blur(3)', await timeSharp(data, (s) => s.blur(3)));
    report('js gaussian-blur sigma=3', await timeJs(data, 'gaussian-blur', { sigma: 3 }));
    const kernel = { width: 3, height: 3, kernel: [-1, 0, 1, -2, 0, 2, -1, 0, 1] };
    report('sharp convolve 3x3', await timeSharp(data, (s) => s.convolve(kernel)));
    report('js sobel', await timeJs(data, 'sobel', {}));
  }
  for (const spec of only) {
    // id or id:key=value,key=value
    const [id, rest] = spec.split(':');
    const params = Object.fromEntries(
      (rest ? rest.split(',') : []).map((kv) => [kv.split('=')[0], Number(kv.split('=')[1])]),
    );
    report(`js ${spec}`, await timeJs(data, id, params));
  }
}

void main();
