/**
 * The WebAssembly kernels (AssemblyScript sources in workers/wasm/, compiled by scripts/build-wasm.mjs
 * into kernels.wasm beside the built worker): loading them, the capability check, and the same
 * `apply(src, dst, params)` shape as the JS kernels, which stay the reference. Every wasm kernel is
 * byte-for-byte its JS kernel (workers/wasm-kernels.test.ts).
 *
 * Memory: each thread instantiates the module once, with a WebAssembly.Memory of its own. The strip's
 * rows are copied into it, the pipeline runs there (intermediate bands never leave it) and the result is
 * copied out, into the shared output image for the `shared` transport or into the reply buffer for the
 * others. Measured (scripts/bench-wasm-memory.ts, 2 workers, 20 MP): the copies cost ~48 ms of CPU per
 * image, against 175 ms in the Gaussian (sigma 3) kernels, 45 in sobel's, 9 in invert's. One shared memory
 * holding the pool's images would spare them (Gaussian 205 vs 168 MP/s, invert 2946 vs 478): the module imports a
 * shared memory, and WasmKernels takes `{ memory, base }`, for when the pool's arena lives in one
 * (docs/wasm-kernels.md).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageOf } from '../shared/errors';
import { brightnessContrastLut } from './filters/brightness-contrast';
import { gaussianKernel } from './filters/gaussian-kernel';
import { sepiaMatrix } from './filters/sepia';
import { assertStripCovers, rowOffset } from './filters/strip';
import type { Filter, Params, Strip } from './filters/types';
import { sharpenTable } from './filters/unsharp';

export { DEFAULT_KERNELS, KERNEL_CHOICES, type KernelChoice } from '../shared/kernels';

/** The module's memory limit (`--maximumMemory` in scripts/build-wasm.mjs): 4 GiB, the wasm32 maximum. */
export const WASM_MAX_PAGES = 65536;
const PAGE = 65536;

/** The file the build writes next to the built worker. */
export const WASM_FILE = 'kernels.wasm';

/**
 * Where kernels.wasm may be, relative to the module that holds this code: the worker bundle
 * (out/main/workers), a shared chunk of the main build (out/main/chunks), a bundled script in out/<dir>
 * (the benchmark), or this source file run by Vitest (workers/, after the build of vitest.global-setup.ts).
 */
export function wasmCandidates(dir: string = __dirname): string[] {
  return [
    join(dir, WASM_FILE),
    join(dir, '..', 'workers', WASM_FILE),
    join(dir, '..', 'main', 'workers', WASM_FILE),
    join(dir, '..', 'out', 'main', 'workers', WASM_FILE),
  ];
}

/**
 * A module using one SIMD instruction (a function returning v128.const 0): engines without WebAssembly
 * SIMD refuse to validate it.
 */
const SIMD_PROBE: Uint8Array<ArrayBuffer> = Uint8Array.of(
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b], // type: () -> v128
  ...[0x03, 0x02, 0x01, 0x00], // function 0 has type 0
  ...[0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array(16).fill(0), 0x0b], // v128.const 0; end
);

export interface Capabilities {
  /** `WebAssembly.validate`, replaceable to simulate an engine without SIMD. */
  validate?: (bytes: Uint8Array<ArrayBuffer>) => boolean;
  /** Whether `WebAssembly.Memory({ shared: true })` works; replaceable likewise. */
  sharedMemory?: () => boolean;
}

/** Undefined when this engine can run the kernels, else why not (a sentence for users). */
export function wasmUnsupportedReason(caps: Capabilities = {}): string | undefined {
  if (typeof WebAssembly !== 'object') return 'this engine has no WebAssembly';
  const validate = caps.validate ?? ((bytes: Uint8Array<ArrayBuffer>) => WebAssembly.validate(bytes));
  let simd = false;
  try {
    simd = validate(SIMD_PROBE);
  } catch {
    simd = false;
  }
  if (!simd) return 'this engine has no WebAssembly SIMD (128-bit) support';
  const shared =
    caps.sharedMemory ??
    (() => {
      try {
        return (
          new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }).buffer instanceof SharedArrayBuffer
        );
      } catch {
        return false;
      }
    });
  if (!shared()) return 'this engine has no shared WebAssembly memory';
  return undefined;
}

/** The exports of kernels.wasm (workers/wasm/index.ts). Addresses are byte offsets into the memory. */
interface Exports {
  heapBase(): number;
  invert(src: number, dst: number, bytes: number): void;
  grayscale(src: number, dst: number, bytes: number): void;
  threshold(src: number, dst: number, bytes: number, level: number): void;
  saturation(src: number, dst: number, bytes: number, amount: number): void;
  sepia(src: number, dst: number, bytes: number, matrix: number): void;
  applyLut(src: number, dst: number, bytes: number, lut: number): void;
  sharpen(src: number, dst: number, bytes: number, table: number): void;
  boxScratch(width: number): number;
  boxBlur(job: number, r: number, scratch: number): void;
  gaussianScratch(width: number, r: number): number;
  gaussianBlur(job: number, weights: number, r: number, scratch: number): void;
  sobelScratch(width: number): number;
  sobel(job: number, scratch: number): void;
  emboss(job: number, strength: number): void;
  medianScratch(width: number, r: number): number;
  median(job: number, r: number, scratch: number): void;
  pixelateScratch(width: number, size: number): number;
  pixelate(job: number, size: number, scratch: number): void;
  vignetteScratch(width: number): number;
  vignette(job: number, strength: number, inner: number, scratch: number): void;
}

/** A band of rows in the wasm memory (as Strip, with an address instead of bytes). */
export interface WasmStrip {
  at: number;
  width: number;
  imageHeight: number;
  y0: number;
  rows: number;
}

/** The parameter area: the sharpen table (64 KiB), a LUT, weights or matrix (1 KiB), the Job (7 x i32). */
const PARAM_TABLE = 65536;
const PARAM_JOB = PARAM_TABLE + 1024;
const PARAM_BYTES = PARAM_JOB + 32;

/** How a filter runs in wasm: scratch bytes it needs, and the call (its parameters already in `paramAt`). */
interface WasmKernel {
  scratch(x: Exports, width: number, p: Params): number;
  run(k: WasmKernels, src: WasmStrip, dst: WasmStrip, p: Params, scratch: number): void;
}

/** The address in src of dst's first row: per-pixel kernels read the src rows that dst asks for. */
const sameRows = (src: WasmStrip, dst: WasmStrip): number => src.at + (dst.y0 - src.y0) * src.width * 4;

const perPixel = (
  call: (x: Exports, src: number, dst: number, bytes: number, p: Params, k: WasmKernels) => void,
): WasmKernel => ({
  scratch: () => 0,
  run(k, src, dst, p) {
    call(k.exports, sameRows(src, dst), dst.at, dst.rows * dst.width * 4, p, k);
  },
});

const KERNELS: Record<string, WasmKernel> = {
  invert: perPixel((x, s, d, n) => x.invert(s, d, n)),
  grayscale: perPixel((x, s, d, n) => x.grayscale(s, d, n)),
  threshold: perPixel((x, s, d, n, p) => x.threshold(s, d, n, p.level)),
  saturation: perPixel((x, s, d, n, p) => x.saturation(s, d, n, p.amount)),
  sepia: perPixel((x, s, d, n, p, k) => x.sepia(s, d, n, k.putF64(sepiaMatrix(p.amount)))),
  'brightness-contrast': perPixel((x, s, d, n, p, k) =>
    x.applyLut(s, d, n, k.putBytes(brightnessContrastLut(p.brightness, p.contrast))),
  ),
  'box-blur': {
    scratch: (x, width) => x.boxScratch(width),
    run: (k, src, dst, p, scratch) => k.exports.boxBlur(k.putJob(src, dst), p.radius, scratch),
  },
  'gaussian-blur': {
    scratch: (x, width, p) => x.gaussianScratch(width, gaussianKernel(p.sigma).radius),
    run: (k, src, dst, p, scratch) => runGaussian(k, src, dst, p.sigma, scratch),
  },
  unsharp: {
    scratch: (x, width, p) => x.gaussianScratch(width, gaussianKernel(p.sigma).radius),
    run(k, src, dst, p, scratch) {
      runGaussian(k, src, dst, p.sigma, scratch);
      const table = k.putBytes(sharpenTable(p.amount, p.threshold), 0);
      k.exports.sharpen(sameRows(src, dst), dst.at, dst.rows * dst.width * 4, table);
    },
  },
  sobel: {
    scratch: (x, width) => x.sobelScratch(width),
    run: (k, src, dst, _p, scratch) => k.exports.sobel(k.putJob(src, dst), scratch),
  },
  emboss: {
    scratch: () => 0,
    run: (k, src, dst, p) => k.exports.emboss(k.putJob(src, dst), p.strength),
  },
  median: {
    scratch: (x, width, p) => x.medianScratch(width, p.radius),
    run: (k, src, dst, p, scratch) => k.exports.median(k.putJob(src, dst), p.radius, scratch),
  },
  pixelate: {
    scratch: (x, width, p) => x.pixelateScratch(width, p.size),
    run: (k, src, dst, p, scratch) => k.exports.pixelate(k.putJob(src, dst), p.size, scratch),
  },
  vignette: {
    scratch: (x, width) => x.vignetteScratch(width),
    run: (k, src, dst, p, scratch) => k.exports.vignette(k.putJob(src, dst), p.strength, p.inner, scratch),
  },
};

function runGaussian(k: WasmKernels, src: WasmStrip, dst: WasmStrip, sigma: number, scratch: number): void {
  const kernel = gaussianKernel(sigma);
  // The wasm passes sum channels in u16 lanes: exact while w[0] <= 255 and w[k] <= 128 (they sum to 256,
  // so the side weights always are; the centre is ~201 at the smallest sigma, 0.5).
  if (kernel.weights[0] > 255)
    throw new Error(`gaussian sigma ${sigma}: centre weight ${kernel.weights[0]} > 255`);
  const weights = k.putBytes(Uint8Array.from(kernel.weights));
  k.exports.gaussianBlur(k.putJob(src, dst), weights, kernel.radius, scratch);
}

/** Filters with a WebAssembly kernel (all of them today); one without would run its JS kernel in any mode. */
export const WASM_FILTER_IDS: readonly string[] = Object.keys(KERNELS);

export function hasWasmKernel(filterId: string): boolean {
  return Object.hasOwn(KERNELS, filterId);
}

/** A memory that grew past this and then holds four times what a run needs is replaced by a smaller one. */
const TRIM_BYTES = 256 * 1024 * 1024;

export interface KernelsOptions {
  /**
   * The memory; by default one of its own. Instances sharing one memory (several workers) must each be
   * given a `base` of their own: their parameters and reservations start there.
   */
  memory?: WebAssembly.Memory;
  base?: number;
  /** Replace an own memory larger than this once a run needs less than a quarter of it (256 MiB). */
  trimBytes?: number;
  /** The most memory a run may use (4 GiB, the wasm32 limit); tests lower it. */
  maxBytes?: number;
}

/** A run that does not fit in the WebAssembly memory: the pipeline runs it with the JS kernels instead. */
export class WasmMemoryError extends Error {
  override name = 'WasmMemoryError';
}

/**
 * The kernels of one thread: an instance, its memory, and a layout of bands in that memory (`reserve`
 * hands out 16-aligned addresses above the parameter area). A memory cannot shrink: so that one huge
 * image does not pin its size in a worker for good, an own memory much larger than the run needs is
 * replaced by a fresh one (and the old one left to the garbage collector).
 */
export class WasmKernels {
  exports: Exports;
  memory: WebAssembly.Memory;
  private readonly module: WebAssembly.Module;
  private readonly ownMemory: boolean;
  private readonly base: number;
  private readonly trimBytes: number;
  private readonly maxBytes: number;
  private paramAt = 0;
  private heapStart = 0;
  private top = 0;

  constructor(module: WebAssembly.Module, options: KernelsOptions = {}) {
    this.module = module;
    this.ownMemory = !options.memory;
    this.base = options.base ?? 0;
    this.trimBytes = options.trimBytes ?? TRIM_BYTES;
    this.maxBytes = options.maxBytes ?? WASM_MAX_PAGES * PAGE;
    this.memory = options.memory ?? newMemory(1);
    this.exports = this.instantiate();
  }

  private instantiate(): Exports {
    const instance = new WebAssembly.Instance(this.module, { env: { memory: this.memory } });
    const exports = instance.exports as unknown as Exports;
    this.paramAt = align16(Math.max(this.base, exports.heapBase()));
    this.heapStart = this.paramAt + PARAM_BYTES;
    this.top = this.heapStart;
    return exports;
  }

  /** Bytes of memory this instance holds. */
  get byteLength(): number {
    return this.memory.buffer.byteLength;
  }

  /** Starts a new layout: every address reserved before is free again. */
  reset(): void {
    this.top = this.heapStart;
  }

  /** An address of `bytes` bytes (plus 16 of slack for whole-vector reads past the end). */
  reserve(bytes: number): number {
    const at = this.top;
    this.top = align16(at + bytes + 16);
    return at;
  }

  /** Grows (or trims) the memory to hold everything reserved. Views of it made before are stale after this. */
  commit(): void {
    const have = this.memory.buffer.byteLength;
    if (this.top > this.maxBytes) {
      throw new WasmMemoryError(
        `the strip needs ${Math.ceil(this.top / 2 ** 20)} MiB of WebAssembly memory, more than its ${Math.floor(this.maxBytes / 2 ** 20)} MiB; using the JS kernels`,
      );
    }
    if (this.ownMemory && have > this.trimBytes && this.top * 4 < have) {
      const top = this.top;
      this.memory = newMemory(Math.ceil(top / PAGE));
      this.exports = this.instantiate();
      this.top = top;
    } else if (this.top > have) {
      try {
        this.memory.grow(Math.ceil((this.top - have) / PAGE));
      } catch (error) {
        throw new WasmMemoryError(
          `the WebAssembly memory could not grow to ${Math.ceil(this.top / 2 ** 20)} MiB (${messageOf(error)}); using the JS kernels`,
        );
      }
    }
  }

  /** A view of `bytes` bytes at `at` (make it after commit). */
  bytes(at: number, bytes: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, at, bytes);
  }

  /** Copies a kernel's parameters into the parameter area; returns their address. */
  putBytes(data: Uint8Array, offset = PARAM_TABLE): number {
    new Uint8Array(this.memory.buffer, this.paramAt + offset, data.length).set(data);
    return this.paramAt + offset;
  }

  /** Writes the Job of a kernel call (workers/wasm/strip.ts) into the parameter area; returns its address. */
  putJob(src: WasmStrip, dst: WasmStrip): number {
    const at = this.paramAt + PARAM_JOB;
    new Int32Array(this.memory.buffer, at, 7).set([
      src.at,
      src.y0,
      dst.at,
      dst.y0,
      dst.rows,
      dst.width,
      dst.imageHeight,
    ]);
    return at;
  }

  putF64(values: readonly number[]): number {
    const at = this.paramAt + PARAM_TABLE;
    new Float64Array(this.memory.buffer, at, values.length).set(values);
    return at;
  }

  /** Runs filter `id`'s wasm kernel on bands already in the memory (its scratch reserved by the caller). */
  run(id: string, src: WasmStrip, dst: WasmStrip, p: Params, scratch: number): void {
    const kernel = KERNELS[id];
    if (!kernel) throw new Error(`${id} has no WebAssembly kernel`);
    kernel.run(this, src, dst, p, scratch);
  }

  /** Scratch bytes filter `id` needs for rows `width` pixels wide. */
  scratchBytes(id: string, width: number, p: Params): number {
    return KERNELS[id]?.scratch(this.exports, width, p) ?? 0;
  }
}

function newMemory(pages: number): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: pages, maximum: WASM_MAX_PAGES, shared: true });
}

function align16(n: number): number {
  return (n + 15) & ~15;
}

/** What loading gave: the kernels, or why there are none (then the JS kernels run, and say so). */
export type WasmLoad = { kernels: WasmKernels; reason?: undefined } | { kernels?: undefined; reason: string };

export interface LoadOptions extends Capabilities {
  /** The .wasm file; by default the first of wasmCandidates() that exists. */
  path?: string;
}

/** Compiles and instantiates kernels.wasm, or says why not. */
export function loadWasmKernels(options: LoadOptions = {}): WasmLoad {
  const unsupported = wasmUnsupportedReason(options);
  if (unsupported) return { reason: `WebAssembly kernels unavailable: ${unsupported}; using the JS kernels` };
  const candidates = options.path ? [options.path] : wasmCandidates();
  let bytes: Uint8Array<ArrayBuffer> | undefined;
  for (const path of candidates) {
    try {
      bytes = new Uint8Array(readFileSync(path));
      break;
    } catch {
      // next candidate
    }
  }
  if (!bytes) {
    return {
      reason: `WebAssembly kernels unavailable: ${WASM_FILE} not found (looked in ${candidates.join(', ')}; npm run build makes it); using the JS kernels`,
    };
  }
  try {
    return { kernels: new WasmKernels(new WebAssembly.Module(bytes)) };
  } catch (error) {
    return {
      reason: `WebAssembly kernels unavailable: ${WASM_FILE} did not load (${messageOf(error)}); using the JS kernels`,
    };
  }
}

let threadKernels: WasmLoad | undefined;

/** This thread's kernels, loaded on first use (each worker thread has its own instance and memory). */
export function threadWasmKernels(): WasmLoad {
  threadKernels ??= loadWasmKernels();
  return threadKernels;
}

/**
 * A Filter running `filter`'s wasm kernel: the same `apply(src, dst, params)` as the JS kernel (and the
 * same checks), copying src's needed rows into the wasm memory and dst's rows back out.
 */
export function wasmFilter(filter: Filter, kernels: WasmKernels): Filter {
  if (!hasWasmKernel(filter.id)) throw new Error(`${filter.id} has no WebAssembly kernel`);
  return {
    ...filter,
    apply(src: Strip, dst: Strip, p: Params): void {
      runInWasm(
        kernels,
        [{ id: filter.id, radius: filter.radius(p), params: p, apply: filter.apply }],
        src,
        dst,
      );
    },
  };
}

/** One step of a pipeline as runInWasm sees it: the JS `apply` runs the steps that have no wasm kernel. */
export interface WasmStep {
  id: string;
  radius: number;
  params: Params;
  apply: Filter['apply'];
}

/**
 * Runs `steps` on src into dst inside the wasm memory: src's needed rows in, every step there (two bands
 * used in turn, each step's band shrinking by its radius), dst's rows out. A step without a wasm kernel
 * runs its JS kernel on views of the memory.
 */
/** Milliseconds a run spent copying into the wasm memory, in the kernels, and copying out (added to). */
export interface WasmRunStats {
  copyInMs: number;
  kernelMs: number;
  copyOutMs: number;
}

export function runInWasm(
  kernels: WasmKernels,
  steps: readonly WasmStep[],
  src: Strip,
  dst: Strip,
  stats?: WasmRunStats,
): void {
  if (steps.length === 0) throw new Error('runInWasm needs at least one step');
  let remaining = steps.reduce((a, s) => a + s.radius, 0);
  // The check, and the message, of the JS kernel (of runPipeline for several steps).
  assertStripCovers(steps.length === 1 ? steps[0].id : 'pipeline', src, dst, remaining);
  const { width, imageHeight } = dst;
  if (dst.rows === 0 || width === 0) return;
  const band = (margin: number): Omit<WasmStrip, 'at'> => {
    const y0 = Math.max(0, dst.y0 - margin);
    const y1 = Math.min(imageHeight, dst.y0 + dst.rows + margin);
    return { width, imageHeight, y0, rows: y1 - y0 };
  };
  const rowBytes = width * 4;
  const first = band(remaining);
  const second = band(remaining - steps[0].radius);
  let scratch = 0;
  for (const step of steps) scratch = Math.max(scratch, kernels.scratchBytes(step.id, width, step.params));
  kernels.reset();
  const bufs = [kernels.reserve(first.rows * rowBytes), kernels.reserve(second.rows * rowBytes)];
  const scratchAt = kernels.reserve(scratch);
  kernels.commit();
  const t0 = stats ? performance.now() : 0;
  kernels
    .bytes(bufs[0], first.rows * rowBytes)
    .set(src.data.subarray(rowOffset(src, first.y0), rowOffset(src, first.y0 + first.rows)));
  const t1 = stats ? performance.now() : 0;
  let current: WasmStrip = { ...first, at: bufs[0] };
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    remaining -= step.radius;
    const out: WasmStrip = { ...band(remaining), at: bufs[(i + 1) % 2] };
    if (hasWasmKernel(step.id)) {
      kernels.run(step.id, current, out, step.params, scratchAt);
    } else {
      const view = (s: WasmStrip): Strip => ({ ...s, data: kernels.bytes(s.at, s.rows * rowBytes) });
      step.apply(view(current), view(out), step.params);
    }
    current = out;
  }
  const t2 = stats ? performance.now() : 0;
  dst.data.set(kernels.bytes(current.at, dst.rows * rowBytes));
  if (stats) {
    stats.copyInMs += t1 - t0;
    stats.kernelMs += t2 - t1;
    stats.copyOutMs += performance.now() - t2;
  }
}
