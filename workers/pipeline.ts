/**
 * Running a pipeline of filters on one strip. Each step needs `radius` rows of context, so the source
 * covers the output plus the sum of all radii (cut at the image edge), and the band of valid rows
 * shrinks by each step's radius until the last step writes exactly the requested rows.
 *
 * `kernels: 'wasm'` runs the pipeline in this thread's WebAssembly memory (workers/wasm-kernels.ts) when
 * the engine can and at least one step has a wasm kernel; steps without one run their JS kernel there.
 * Either way the bytes are the JS kernels' bytes.
 */
import { assertStripCovers } from './filters/strip';
import type { ResolvedStep, Strip } from './filters/types';
import {
  hasWasmKernel,
  type KernelChoice,
  runInWasm,
  threadWasmKernels,
  type WasmLoad,
  WasmMemoryError,
  type WasmRunStats,
} from './wasm-kernels';

export interface PipelineOptions {
  /**
   * Which kernels to run; default 'js', the reference: a caller that names nothing gets the kernels every
   * other one is checked against. The engine passes its choice (DEFAULT_KERNELS) explicitly.
   */
  kernels?: KernelChoice;
  /** The wasm kernels to use (tests simulate an engine without them); default this thread's. */
  wasm?: () => WasmLoad;
  /** Where a wasm run adds the time of its copies and of its kernels (the benchmarks). */
  wasmStats?: WasmRunStats;
}

/** Which kernels ran, and why not the ones asked for (wasm unavailable: the JS ones ran instead). */
export interface PipelineRun {
  kernels: KernelChoice;
  fallback?: string;
}

export function pipelineRadius(steps: readonly ResolvedStep[]): number {
  let total = 0;
  for (const step of steps) total += step.filter.radius(step.params);
  return total;
}

/**
 * Writes dst's rows from src, which must cover them plus `pipelineRadius(steps)` rows each side (cut at
 * the image edge). A single step writes straight into dst; longer pipelines use intermediate strips.
 * src and dst must not share memory.
 */
export function runPipeline(
  steps: readonly ResolvedStep[],
  src: Strip,
  dst: Strip,
  options: PipelineOptions = {},
): PipelineRun {
  const radii = steps.map((s) => s.filter.radius(s.params));
  let remaining = radii.reduce((a, b) => a + b, 0);
  assertStripCovers('pipeline', src, dst, remaining);
  if (steps.length === 0) {
    const rowBytes = dst.width * 4;
    const start = (dst.y0 - src.y0) * rowBytes;
    dst.data.set(src.data.subarray(start, start + dst.rows * rowBytes));
    return { kernels: 'js' };
  }
  let fallback: string | undefined;
  if ((options.kernels ?? 'js') === 'wasm') {
    const load = (options.wasm ?? threadWasmKernels)();
    if (!load.kernels) {
      fallback = load.reason;
    } else if (!steps.some((s) => hasWasmKernel(s.filter.id))) {
      fallback = `no WebAssembly kernel for ${steps.map((s) => s.filter.id).join(', ')}; using the JS kernels`;
    } else {
      const wasmSteps = steps.map((s, i) => ({
        id: s.filter.id,
        radius: radii[i],
        params: s.params,
        apply: s.filter.apply,
      }));
      try {
        runInWasm(load.kernels, wasmSteps, src, dst, options.wasmStats);
        return { kernels: 'wasm' };
      } catch (error) {
        if (!(error instanceof WasmMemoryError)) throw error;
        fallback = error.message;
      }
    }
  }
  let current = src;
  for (let i = 0; i < steps.length; i++) {
    remaining -= radii[i];
    const last = i === steps.length - 1;
    const out = last ? dst : bandAround(dst, remaining);
    steps[i].filter.apply(current, out, steps[i].params);
    current = out;
  }
  return fallback ? { kernels: 'js', fallback } : { kernels: 'js' };
}

/** A fresh strip covering dst's rows plus `margin` rows each side, cut at the image edge. */
function bandAround(dst: Strip, margin: number): Strip {
  const y0 = Math.max(0, dst.y0 - margin);
  const y1 = Math.min(dst.imageHeight, dst.y0 + dst.rows + margin);
  return {
    data: new Uint8Array((y1 - y0) * dst.width * 4),
    width: dst.width,
    imageHeight: dst.imageHeight,
    y0,
    rows: y1 - y0,
  };
}
