import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { filters, getFilter, resolvePipeline } from './filters/index';
import type { Filter, Params, PipelineStep, ResolvedStep, Strip } from './filters/types';
import { pipelineRadius, runPipeline } from './pipeline';
import { randomImage, smoothImage, stripwise, wholeStrip } from './test-images';
import {
  hasWasmKernel,
  loadWasmKernels,
  WASM_FILTER_IDS,
  WASM_MAX_PAGES,
  WasmKernels,
  wasmCandidates,
  wasmFilter,
  wasmUnsupportedReason,
} from './wasm-kernels';

function kernels(): WasmKernels {
  const load = loadWasmKernels();
  if (!load.kernels) throw new Error(load.reason);
  return load.kernels;
}
const k = kernels();

/** Every parameter set the comparison runs: the defaults, the bounds, and values that change the arithmetic. */
const paramSets: Record<string, Params[]> = {
  invert: [{}],
  grayscale: [{}],
  threshold: [{ level: 0 }, { level: 1 }, { level: 200 }, { level: 255 }],
  saturation: [{ amount: 0 }, { amount: 0.55 }, { amount: 1 }, { amount: 4 }],
  sepia: [{ amount: 0 }, { amount: 0.37 }],
  'brightness-contrast': [
    { brightness: 0, contrast: 0 },
    { brightness: -100, contrast: 100 },
    { brightness: 33.3, contrast: -47.5 },
  ],
  'box-blur': [{ radius: 1 }, { radius: 6 }, { radius: 50 }],
  'gaussian-blur': [{ sigma: 0.5 }, { sigma: 3 }, { sigma: 3.7 }, { sigma: 20 }],
  unsharp: [
    { sigma: 1.2, amount: 2.5, threshold: 3 },
    { sigma: 3, amount: 5, threshold: 0 },
    { sigma: 0.5, amount: 0.35, threshold: 40 },
  ],
  median: [{ radius: 1 }, { radius: 3 }, { radius: 8 }],
  sobel: [{}],
  emboss: [{ strength: 0 }, { strength: 0.35 }, { strength: 2.5 }, { strength: 4 }],
  pixelate: [{ size: 2 }, { size: 5 }, { size: 128 }],
  vignette: [
    { strength: 1, inner: 0 },
    { strength: 0.3, inner: 0.95 },
    { strength: 0.77, inner: 0.15 },
  ],
};

/** Odd sizes (the scalar tails), and widths past the vector loops (4, 8 and 16 pixels at a time). */
const sizes: [number, number][] = [
  [1, 1],
  [1, 9],
  [9, 1],
  [13, 17],
  [31, 7],
  [2, 3],
  [67, 12],
  [130, 5],
];
const stripHeights = [1, 2, 7, 1000];

function resolved(id: string, params: Params): { filter: Filter; params: Params } {
  const [step] = resolvePipeline([{ id, params }]);
  return step;
}

function firstDifference(a: Uint8Array, b: Uint8Array): string {
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return `byte ${i} (pixel ${i >> 2}, channel ${i & 3}): wasm ${a[i]}, js ${b[i]}`;
  }
  return 'lengths differ';
}

describe('every wasm kernel equals its JS kernel byte for byte', () => {
  it('covers every filter', () => {
    expect([...WASM_FILTER_IDS].sort()).toEqual(filters.map((f) => f.id).sort());
    expect(Object.keys(paramSets).sort()).toEqual([...WASM_FILTER_IDS].sort());
  });

  const cases = WASM_FILTER_IDS.flatMap((id) =>
    [{}, ...paramSets[id]].map((params) => [`${id} ${JSON.stringify(params)}`, id, params] as const),
  );
  it.each(cases)('%s on odd sizes, with alpha, whole and in strips', (_, id, given) => {
    const { filter, params } = resolved(id, given);
    const wasm = wasmFilter(filter, k);
    const radius = filter.radius(params);
    let seed = 11;
    for (const [width, height] of sizes) {
      for (const image of [randomImage(width, height, seed++), smoothImage(width, height, seed++)]) {
        const js = new Uint8Array(image.data.length);
        filter.apply(wholeStrip(image), wholeStrip(image, js), params);
        const whole = new Uint8Array(image.data.length).fill(0xa5);
        wasm.apply(wholeStrip(image), wholeStrip(image, whole), params);
        if (!Buffer.from(whole).equals(Buffer.from(js))) {
          throw new Error(`${id} at ${width}x${height}, whole image: ${firstDifference(whole, js)}`);
        }
        for (const rows of stripHeights) {
          const got = stripwise(image, radius, rows, (src, dst) => wasm.apply(src, dst, params));
          if (!Buffer.from(got).equals(Buffer.from(js))) {
            throw new Error(`${id} at ${width}x${height}, strips of ${rows}: ${firstDifference(got, js)}`);
          }
        }
      }
    }
  });

  it('refuses a source without its halo rows, with the JS kernel message', () => {
    const { filter, params } = resolved('box-blur', { radius: 3 });
    const image = randomImage(6, 20, 1);
    const src: Strip = { data: image.data.slice(8 * 24, 14 * 24), width: 6, imageHeight: 20, y0: 8, rows: 6 };
    const dst: Strip = { data: new Uint8Array(2 * 24), width: 6, imageHeight: 20, y0: 10, rows: 2 };
    expect(() => wasmFilter(filter, k).apply(src, dst, params)).toThrow(
      /box-blur: src rows \[8, 14\) do not cover rows \[7, 15\)/,
    );
  });

  it('sobel: float32 rounding of sqrt equals float64 for every gx^2 + gy^2 the kernel can meet', () => {
    // The wasm kernel takes min(255, trunc(f32(f32(sqrt(m2)) + 0.5))); the JS min(255, (sqrt(m2) + 0.5) | 0).
    const f32 = Math.fround;
    for (let m2 = 0; m2 <= 2 * 1020 * 1020; m2++) {
      const js = Math.min(255, (Math.sqrt(m2) + 0.5) | 0);
      const wasm = Math.min(255, Math.trunc(f32(f32(Math.sqrt(m2)) + 0.5)));
      if (js !== wasm) throw new Error(`m2 = ${m2}: js ${js}, f32 ${wasm}`);
    }
  });

  it('box blur: float32 division gives floor((sum + half) / n) for every window size and sum', () => {
    const f32 = Math.fround;
    for (let r = 1; r <= 50; r++) {
      const n = (2 * r + 1) ** 2;
      const half = n >> 1;
      for (let sum = 0; sum <= 255 * n; sum += r < 10 ? 1 : 7) {
        const js = Math.floor((sum + half) / n);
        if (Math.trunc(f32(f32(sum + half) / f32(n))) !== js) throw new Error(`r ${r}, sum ${sum}`);
      }
    }
  });

  it('median: the min/max networks are proven and the generated file is current', () => {
    const out = execFileSync(
      process.execPath,
      [join(__dirname, '..', 'scripts', 'median-networks.mjs'), '--check'],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/proven and up to date/);
  });
});

describe("runPipeline with kernels: 'wasm'", () => {
  const pipelines: PipelineStep[][] = [
    [{ id: 'gaussian-blur', params: { sigma: 1.5 } }, { id: 'sobel' }],
    [{ id: 'median', params: { radius: 1 } }, { id: 'pixelate', params: { size: 3 } }, { id: 'vignette' }],
    [{ id: 'unsharp' }, { id: 'emboss' }, { id: 'box-blur', params: { radius: 2 } }, { id: 'threshold' }],
    [
      { id: 'invert' },
      { id: 'grayscale' },
      { id: 'sepia' },
      { id: 'brightness-contrast' },
      { id: 'saturation' },
    ],
    [{ id: 'sobel' }, { id: 'sobel' }, { id: 'gaussian-blur', params: { sigma: 0.8 } }, { id: 'median' }],
  ];
  it.each(pipelines.map((p) => [p.map((s) => s.id).join(' > '), p] as const))(
    '%s equals the JS pipeline, whole and in strips',
    (_, steps) => {
      const resolvedSteps = resolvePipeline(steps);
      const radius = pipelineRadius(resolvedSteps);
      let seed = 5;
      for (const [width, height] of sizes) {
        const image = randomImage(width, height, seed++);
        const js = new Uint8Array(image.data.length);
        expect(runPipeline(resolvedSteps, wholeStrip(image), wholeStrip(image, js))).toEqual({
          kernels: 'js',
        });
        for (const rows of stripHeights) {
          const got = stripwise(image, radius, rows, (src, dst) => {
            expect(runPipeline(resolvedSteps, src, dst, { kernels: 'wasm' })).toEqual({ kernels: 'wasm' });
          });
          if (!Buffer.from(got).equals(Buffer.from(js))) {
            throw new Error(`${width}x${height}, strips of ${rows}: ${firstDifference(got, js)}`);
          }
        }
      }
    },
  );

  // A filter without a wasm kernel (none today): a copy of vignette under another id.
  const jsOnly = (): ResolvedStep => {
    const [step] = resolvePipeline([{ id: 'vignette', params: { strength: 0.8, inner: 0.1 } }]);
    return { ...step, filter: { ...step.filter, id: 'js-only-vignette' } };
  };

  it('runs a step without a wasm kernel as JS on the wasm memory, between wasm steps', () => {
    const steps = [
      ...resolvePipeline([{ id: 'gaussian-blur', params: { sigma: 1.2 } }]),
      jsOnly(),
      ...resolvePipeline([{ id: 'sobel' }]),
    ];
    const image = randomImage(31, 23, 6);
    const js = new Uint8Array(image.data.length);
    runPipeline(steps, wholeStrip(image), wholeStrip(image, js));
    for (const rows of stripHeights) {
      const got = stripwise(image, pipelineRadius(steps), rows, (src, dst) => {
        expect(runPipeline(steps, src, dst, { kernels: 'wasm' })).toEqual({ kernels: 'wasm' });
      });
      expect(Buffer.from(got).equals(Buffer.from(js))).toBe(true);
    }
  });

  it('runs a pipeline with no wasm kernel at all in JS, and says so', () => {
    const image = randomImage(9, 9, 2);
    const out = new Uint8Array(image.data.length);
    const ran = runPipeline([jsOnly()], wholeStrip(image), wholeStrip(image, out), { kernels: 'wasm' });
    expect(ran).toEqual({
      kernels: 'js',
      fallback: expect.stringMatching(/no WebAssembly kernel for js-only-vignette/),
    });
  });

  it('an own memory grown for a huge run is replaced by a smaller one when runs need far less', () => {
    const load = loadWasmKernels();
    if (!load.kernels) throw new Error(load.reason);
    const module = new WebAssembly.Module(
      new Uint8Array(readFileSync(wasmCandidates().find(existsSync) ?? '')),
    );
    const small = new WasmKernels(module, { trimBytes: 1 << 19 });
    const steps = resolvePipeline([{ id: 'median', params: { radius: 1 } }]);
    const big = randomImage(400, 300, 3);
    const out = new Uint8Array(big.data.length);
    runPipeline(steps, wholeStrip(big), wholeStrip(big, out), {
      kernels: 'wasm',
      wasm: () => ({ kernels: small }),
    });
    const grown = small.byteLength;
    expect(grown).toBeGreaterThan(2 * big.data.length);
    const tiny = randomImage(20, 10, 4);
    const expected = new Uint8Array(tiny.data.length);
    runPipeline(steps, wholeStrip(tiny), wholeStrip(tiny, expected));
    const got = new Uint8Array(tiny.data.length);
    runPipeline(steps, wholeStrip(tiny), wholeStrip(tiny, got), {
      kernels: 'wasm',
      wasm: () => ({ kernels: small }),
    });
    expect(small.byteLength).toBeLessThan(grown / 4);
    expect(got).toEqual(expected);
    // A memory shared with others is never replaced.
    const memory = new WebAssembly.Memory({ initial: 80, maximum: WASM_MAX_PAGES, shared: true });
    const sharing = new WasmKernels(module, { memory, base: 4096, trimBytes: 1 << 20 });
    runPipeline(steps, wholeStrip(tiny), wholeStrip(tiny, got), {
      kernels: 'wasm',
      wasm: () => ({ kernels: sharing }),
    });
    expect(sharing.memory).toBe(memory);
    expect(got).toEqual(expected);
  });

  it('a strip too large for the WebAssembly memory runs with the JS kernels, and says so', () => {
    const module = new WebAssembly.Module(
      new Uint8Array(readFileSync(wasmCandidates().find(existsSync) ?? '')),
    );
    const capped = new WasmKernels(module, { maxBytes: 1 << 20 });
    const image = randomImage(600, 400, 5);
    const steps = resolvePipeline([{ id: 'box-blur', params: { radius: 2 } }]);
    const js = new Uint8Array(image.data.length);
    runPipeline(steps, wholeStrip(image), wholeStrip(image, js));
    const got = new Uint8Array(image.data.length);
    const ran = runPipeline(steps, wholeStrip(image), wholeStrip(image, got), {
      kernels: 'wasm',
      wasm: () => ({ kernels: capped }),
    });
    expect(ran).toEqual({
      kernels: 'js',
      fallback: expect.stringMatching(/needs 2 MiB .*more than its 1 MiB; using the JS/),
    });
    expect(got).toEqual(js);
  });

  it('keeps its memory across strips and grows it for a larger one', () => {
    const image = randomImage(300, 200, 9);
    const steps = resolvePipeline([{ id: 'gaussian-blur', params: { sigma: 2 } }]);
    const out = new Uint8Array(image.data.length);
    runPipeline(steps, wholeStrip(image), wholeStrip(image, out), {
      kernels: 'wasm',
      wasm: () => ({ kernels: k }),
    });
    expect(k.byteLength).toBeGreaterThanOrEqual(2 * image.data.length);
    expect(k.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
  });
});

describe('the fallback to JS', () => {
  it('an engine without WebAssembly SIMD, or without shared memory, is told apart', () => {
    expect(wasmUnsupportedReason()).toBeUndefined();
    expect(wasmUnsupportedReason({ validate: () => false })).toMatch(/no WebAssembly SIMD/);
    expect(
      wasmUnsupportedReason({
        validate: () => {
          throw new Error('boom');
        },
      }),
    ).toMatch(/no WebAssembly SIMD/);
    expect(wasmUnsupportedReason({ sharedMemory: () => false })).toMatch(/no shared WebAssembly memory/);
  });

  it('the SIMD probe is a valid module here, and invalid without SIMD (its body is a v128.const)', () => {
    let probe: Uint8Array | undefined;
    wasmUnsupportedReason({
      validate: (bytes) => {
        probe = bytes;
        return WebAssembly.validate(bytes);
      },
    });
    expect(probe && WebAssembly.validate(probe as Uint8Array<ArrayBuffer>)).toBe(true);
    // The same module with the v128.const replaced by i32.const 0 and the result type i32 validates too,
    // so the probe fails only for want of SIMD.
    const scalar = Uint8Array.from(probe ?? []);
    scalar[14] = 0x7f;
    const body = [0x00, 0x41, 0x00, 0x0b];
    const withoutSimd = Uint8Array.of(...scalar.subarray(0, 19), 0x0a, 0x06, 0x01, 0x04, ...body);
    expect(WebAssembly.validate(withoutSimd)).toBe(true);
  });

  it('with no SIMD, a wasm run gives the JS bytes and says why', () => {
    const noSimd = loadWasmKernels({ validate: () => false });
    expect(noSimd.kernels).toBeUndefined();
    expect(noSimd.reason).toMatch(
      /WebAssembly kernels unavailable: this engine has no WebAssembly SIMD.*using the JS kernels/,
    );
    const image = randomImage(17, 11, 4);
    const steps = resolvePipeline([{ id: 'gaussian-blur', params: { sigma: 3 } }, { id: 'sobel' }]);
    const js = new Uint8Array(image.data.length);
    const fell = new Uint8Array(image.data.length);
    runPipeline(steps, wholeStrip(image), wholeStrip(image, js));
    const ran = runPipeline(steps, wholeStrip(image), wholeStrip(image, fell), {
      kernels: 'wasm',
      wasm: () => noSimd,
    });
    expect(ran).toEqual({ kernels: 'js', fallback: noSimd.reason });
    expect(fell).toEqual(js);
  });

  it('a missing or broken kernels.wasm is a reason too, not a crash', () => {
    expect(loadWasmKernels({ path: '/nonexistent/kernels.wasm' }).reason).toMatch(/kernels.wasm not found/);
    expect(loadWasmKernels({ path: __filename }).reason).toMatch(/kernels.wasm did not load/);
  });

  it('finds kernels.wasm beside the worker bundle, a shared chunk, a bundled script, or from the sources', () => {
    expect(wasmCandidates('/app/out/main/workers')).toContain('/app/out/main/workers/kernels.wasm');
    expect(wasmCandidates('/app/out/main/chunks')).toContain('/app/out/main/workers/kernels.wasm');
    expect(wasmCandidates('/app/out/bench')).toContain('/app/out/main/workers/kernels.wasm');
    expect(wasmCandidates('/app/workers')).toContain('/app/out/main/workers/kernels.wasm');
    expect(hasWasmKernel('gaussian-blur') && !hasWasmKernel('no-such-filter')).toBe(true);
    expect(getFilter('gaussian-blur')).toBeDefined();
  });
});
