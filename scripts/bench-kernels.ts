/**
 * Single-thread throughput of the JS kernels beside sharp (libvips) at concurrency 1, on the same raw
 * RGBA image. Run: npx jiti scripts/bench-kernels.ts [megapixels=20] [repeats=5] [filter ids...]
 * Prints best and median megapixels/s of each. sharp is used here only as a reference, never in workers/.
 */
import sharp from 'sharp';
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

function stats(ms: number[]): { best: number; median: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  return { best: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
}

function report(name: string, ms: number[]): void {
  const { best, median } = stats(ms);
  console.log(
    `${name.padEnd(34)} best ${(mp / (best / 1000)).toFixed(1).padStart(6)} MP/s  median ${(mp / (median / 1000)).toFixed(1).padStart(6)} MP/s  (${median.toFixed(0)} ms)`,
  );
}

async function timeSharp(data: Uint8Array, op: (s: sharp.Sharp) => sharp.Sharp): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const t0 = performance.now();
    await op(sharp(data, { raw: { width, height, channels: 4 } }))
      .raw()
      .toBuffer();
    if (i > 0) times.push(performance.now() - t0);
  }
  return times;
}

function timeJs(data: Uint8Array, spec: string, params: Record<string, number>): number[] {
  const steps = resolvePipeline([{ id: spec, params }]);
  const src: Strip = { data, width, imageHeight: height, y0: 0, rows: height };
  const dst: Strip = { data: new Uint8Array(data.length), width, imageHeight: height, y0: 0, rows: height };
  const times: number[] = [];
  for (let i = 0; i <= repeats; i++) {
    const t0 = performance.now();
    runPipeline(steps, src, dst);
    if (i > 0) times.push(performance.now() - t0);
  }
  return times;
}

async function main(): Promise<void> {
  sharp.concurrency(1);
  console.log(`image ${width}x${height} RGBA (${mp.toFixed(1)} MP), ${repeats} repeats after a warm-up`);
  console.log(`sharp.concurrency() = ${sharp.concurrency()}, node ${process.version}`);
  const data = makeImage();
  const want = (id: string) => only.length === 0 || only.includes(id);
  if (want('gaussian-blur')) {
    report('sharp blur(3)', await timeSharp(data, (s) => s.blur(3)));
    report('js gaussian-blur sigma=3', timeJs(data, 'gaussian-blur', { sigma: 3 }));
  }
  if (want('sobel')) {
    const kernel = { width: 3, height: 3, kernel: [-1, 0, 1, -2, 0, 2, -1, 0, 1] };
    report('sharp convolve 3x3', await timeSharp(data, (s) => s.convolve(kernel)));
    report('js sobel', timeJs(data, 'sobel', {}));
  }
  for (const id of only) {
    if (id === 'gaussian-blur' || id === 'sobel') continue;
    report(`js ${id}`, timeJs(data, id, {}));
  }
}

void main();
