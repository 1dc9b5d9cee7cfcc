/**
 * The separable Gaussian shared by gaussian-blur and unsharp.
 *
 * Speed and exactness come from the same trick: R, G and B of a pixel are packed into ONE float64 as
 * three 17-bit lanes (r + g * 2^17 + b * 2^34). Weights are integers summing to 256, so a lane never
 * exceeds 255 * 256 < 2^17 and every sum stays an integer below 2^51: float64 arithmetic on it is exact,
 * one multiply-add filters three channels, and the result cannot depend on the order of evaluation or
 * on where a strip starts. Each pass rounds its lanes back to 8 bits.
 *
 * The horizontal pass pads each row with its edge pixels (clamping at columns 0 and width-1); the
 * vertical pass keeps the horizontally blurred rows in a ring keyed by image row, so row clamping
 * happens at the true image edges whatever the strip.
 *
 * Both passes are specialised per kernel at run time (weights as constants, taps unrolled, several
 * outputs per iteration sharing their loads), which brings plain JS to 70-80 MP/s on one core (sigma 3,
 * about 0.6x libvips at concurrency 1); generic loops with the same arithmetic remain as the fallback.
 *
 * Accuracy: within ~0.3 levels (mean) of an exact floating-point Gaussian; libvips, which truncates its
 * mask at 20% of the peak, measured 0.5-5 levels away on 96x64 test images (filters.test.ts checks ours).
 */
import { assertStripCovers, rowOffset, scratchF64 } from './strip';
import type { Strip } from './types';

/** Total of the integer weights (one side plus centre plus other side). */
const WEIGHT_SUM = 256;
const LANE1 = 2 ** 17;
const LANE2 = 2 ** 34;
const INV_LANE1 = 2 ** -17;
const INV_LANE2 = 2 ** -34;
/** Adds half a unit (128 / 256) to each lane so that >> 8 rounds to nearest. */
const ROUND_LANES = 128 + 128 * LANE1 + 128 * LANE2;

export interface GaussianKernel {
  sigma: number;
  /** Taps each side of the centre with a non-zero weight. */
  radius: number;
  /** weights[k] is the weight at distance k (k = 0..radius); weights[0] + 2 * sum(weights[1..]) = 256. */
  weights: Float64Array;
}

const kernels = new Map<number, GaussianKernel>();

/** Integer Gaussian weights summing exactly to 256, rounded by largest remainder so they stay symmetric. */
export function gaussianKernel(sigma: number): GaussianKernel {
  const cached = kernels.get(sigma);
  if (cached) return cached;
  const reach = Math.max(1, Math.ceil(4 * sigma));
  const exact: number[] = [];
  let total = 0;
  for (let k = 0; k <= reach; k++) {
    const v = Math.exp((-k * k) / (2 * sigma * sigma));
    exact.push(v);
    total += k === 0 ? v : 2 * v;
  }
  const scaled = exact.map((v) => (v / total) * WEIGHT_SUM);
  const ints = scaled.map(Math.floor);
  let missing = WEIGHT_SUM - ints[0] - 2 * ints.slice(1).reduce((a, b) => a + b, 0);
  if (missing % 2 === 1) {
    ints[0]++;
    missing--;
  }
  // Hand out the remaining units in symmetric pairs to the taps that lost the most to flooring.
  const order = scaled
    .map((v, k) => ({ k, frac: v - Math.floor(v) }))
    .filter((t) => t.k > 0)
    .sort((a, b) => b.frac - a.frac || a.k - b.k);
  for (let i = 0; missing > 0; i = (i + 1) % order.length) {
    ints[order[i].k]++;
    missing -= 2;
  }
  let radius = reach;
  while (radius > 0 && ints[radius] === 0) radius--;
  const kernel: GaussianKernel = { sigma, radius, weights: Float64Array.from(ints.slice(0, radius + 1)) };
  if (kernels.size >= 256) kernels.clear(); // sigma is a free float: keep the cache bounded
  kernels.set(sigma, kernel);
  return kernel;
}

/** Output pixels per iteration of the horizontal pass: neighbours share all but one of their loads. */
const H_BLOCK = 4;
/** Output rows per call of the vertical block pass: they share 2r of their 2r+1 row loads. */
export const V_BLOCK = 4;

/**
 * The passes of one kernel.
 * - `horizontal` convolves a padded packed row (`pad[x + radius]` is pixel x; `radius` edge copies each
 *   side) and stores rounded packed lanes into `out[outStart + x]`.
 * - `vertical` writes one output row: `rows[0]` is the ring offset of the centre row and `rows[k]`,
 *   `rows[radius + k]` those k rows above and below. RGB goes to `dst` from `dstStart`; alpha is copied
 *   from `src` at `srcStart`.
 * - `verticalBlock` (optional) writes V_BLOCK consecutive rows: `rows[n]` is the ring offset of row
 *   y - radius + n for n in [0, 2 radius + V_BLOCK).
 */
export interface Passes {
  horizontal(pad: Float64Array, out: Float64Array, outStart: number, width: number): void;
  vertical(
    ring: Float64Array,
    rows: Int32Array,
    acc: Float64Array,
    width: number,
    dst: Uint8Array,
    dstStart: number,
    src: Uint8Array,
    srcStart: number,
  ): void;
  verticalBlock?(
    ring: Float64Array,
    rows: Int32Array,
    width: number,
    dst: Uint8Array,
    dstStart: number,
    src: Uint8Array,
    srcStart: number,
  ): void;
}

const passesByKernel = new WeakMap<GaussianKernel, Passes>();

function passesFor(kernel: GaussianKernel): Passes {
  let passes = passesByKernel.get(kernel);
  if (!passes) {
    passes = compilePasses(kernel) ?? genericPasses(kernel);
    passesByKernel.set(kernel, passes);
  }
  return passes;
}

/** Sums terms as a balanced tree: short dependency chains let the CPU overlap the additions. */
function treeSum(terms: string[]): string {
  let level = terms;
  while (level.length > 1) {
    const next: string[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(i + 1 < level.length ? `(${level[i]} + ${level[i + 1]})` : level[i]);
    }
    level = next;
  }
  return level[0];
}

/** sum_k w[|k|] * value(centre + k), pairing the symmetric taps. */
function convolution(w: number[], value: (offset: number) => string, centre: number): string {
  const terms = [`${w[0]} * ${value(centre)}`];
  for (let k = 1; k < w.length; k++) terms.push(`${w[k]} * (${value(centre - k)} + ${value(centre + k)})`);
  return treeSum(terms);
}

/** Statements that round the packed lanes of `v` and write them as RGB at dst[at], alpha from src[from]. */
function storeRgb(v: string, at: string, from: string): string {
  return `{
        const v = ${v} + ${ROUND_LANES};
        const b = Math.floor(v * ${INV_LANE2});
        const rest = v - b * ${LANE2};
        const g = Math.floor(rest * ${INV_LANE1});
        dst[${at}] = (rest - g * ${LANE1}) >> 8;
        dst[${at} + 1] = g >> 8;
        dst[${at} + 2] = b >> 8;
        dst[${at} + 3] = src[${from} + 3];
      }`;
}

/** Statements that round the packed lanes of `v` to 8 bits each and store them, still packed, at `target`. */
function storePacked(target: string, v: string): string {
  return `{
        const v = ${v} + ${ROUND_LANES};
        const b = Math.floor(v * ${INV_LANE2});
        const rest = v - b * ${LANE2};
        const g = Math.floor(rest * ${INV_LANE1});
        ${target} = ((rest - g * ${LANE1}) >> 8) + (g >> 8) * ${LANE1} + (b >> 8) * ${LANE2};
      }`;
}

/**
 * Specialises the passes to this kernel. The source is built only from the kernel's integer weights.
 * Returns undefined where code generation is not allowed (a strict Content-Security-Policy).
 */
export function compilePasses(kernel: GaussianKernel): Passes | undefined {
  const r = kernel.radius;
  const w = Array.from(kernel.weights);
  const local = (name: string, first: number) => (n: number) => `${name}${n - first}`;

  // Horizontal: H_BLOCK outputs per iteration from 2r + H_BLOCK shared loads; the tail one at a time.
  const padAt = local('p', -r);
  const padLoads: string[] = [];
  for (let n = -r; n < r + H_BLOCK; n++) padLoads.push(`const ${padAt(n)} = pad[c + ${n}];`);
  const blockOutputs: string[] = [];
  for (let m = 0; m < H_BLOCK; m++) {
    blockOutputs.push(storePacked(`out[outStart + x + ${m}]`, convolution(w, padAt, m)));
  }
  const horizontal = `
    let x = 0;
    for (; x + ${H_BLOCK} <= width; x += ${H_BLOCK}) {
      const c = x + ${r};
      ${padLoads.join('\n      ')}
      ${blockOutputs.join('\n      ')}
    }
    for (; x < width; x++) {
      const c = x + ${r};
      ${storePacked(
        'out[outStart + x]',
        convolution(w, (n) => `pad[c + ${n}]`, 0),
      )}
    }`;

  // Vertical, one row: rows[0] centre, rows[k] above, rows[r + k] below.
  const rowVar = (n: number) => (n === 0 ? 'c0' : n < 0 ? `a${-n}` : `b${n}`);
  const rowDecls = ['const c0 = rows[0];'];
  for (let k = 1; k <= r; k++) rowDecls.push(`const a${k} = rows[${k}], b${k} = rows[${r + k}];`);
  const vertical = `
    ${rowDecls.join(' ')}
    for (let x = 0, i = dstStart, j = srcStart; x < width; x++, i += 4, j += 4) {
      ${storeRgb(
        convolution(w, (n) => `ring[${rowVar(n)} + x]`, 0),
        'i',
        'j',
      )}
    }`;

  // Vertical, V_BLOCK rows: each ring row is loaded once per column and used by every output row.
  const q = local('q', 0);
  const blockRowDecls: string[] = [];
  const blockLoads: string[] = [];
  for (let n = 0; n < 2 * r + V_BLOCK; n++) {
    blockRowDecls.push(`const o${n} = rows[${n}];`);
    blockLoads.push(`const ${q(n)} = ring[o${n} + x];`);
  }
  const blockStores: string[] = [];
  for (let m = 0; m < V_BLOCK; m++) {
    blockStores.push(storeRgb(convolution(w, q, r + m), `i + ${m} * rowBytes`, `j + ${m} * rowBytes`));
  }
  const verticalBlock = `
    ${blockRowDecls.join(' ')}
    const rowBytes = width * 4;
    for (let x = 0, i = dstStart, j = srcStart; x < width; x++, i += 4, j += 4) {
      ${blockLoads.join(' ')}
      ${blockStores.join('\n      ')}
    }`;

  try {
    return {
      horizontal: new Function('pad', 'out', 'outStart', 'width', horizontal) as Passes['horizontal'],
      vertical: new Function(
        'ring',
        'rows',
        'acc',
        'width',
        'dst',
        'dstStart',
        'src',
        'srcStart',
        vertical,
      ) as Passes['vertical'],
      verticalBlock: new Function(
        'ring',
        'rows',
        'width',
        'dst',
        'dstStart',
        'src',
        'srcStart',
        verticalBlock,
      ) as Passes['verticalBlock'],
    };
  } catch {
    return undefined;
  }
}

/** Splits packed lanes, rounds each to its top 8 bits and repacks them. */
function roundLanes(packed: number): number {
  const s = packed + ROUND_LANES;
  const b = Math.floor(s * INV_LANE2);
  const rest = s - b * LANE2;
  const g = Math.floor(rest * INV_LANE1);
  return ((rest - g * LANE1) >> 8) + (g >> 8) * LANE1 + (b >> 8) * LANE2;
}

/** The same arithmetic as plain loops over the taps, for hosts that forbid code generation. */
export function genericPasses(kernel: GaussianKernel): Passes {
  const r = kernel.radius;
  const w = kernel.weights;
  return {
    horizontal(pad, out, outStart, width) {
      for (let x = 0; x < width; x++) {
        const c = x + r;
        let v = w[0] * pad[c];
        for (let k = 1; k <= r; k++) v += w[k] * (pad[c - k] + pad[c + k]);
        out[outStart + x] = roundLanes(v);
      }
    },
    vertical(ring, rows, acc, width, dst, dstStart, src, srcStart) {
      const c0 = rows[0];
      for (let x = 0; x < width; x++) acc[x] = w[0] * ring[c0 + x];
      for (let k = 1; k <= r; k++) {
        const a = rows[k];
        const b = rows[r + k];
        const wk = w[k];
        for (let x = 0; x < width; x++) acc[x] += wk * (ring[a + x] + ring[b + x]);
      }
      for (let x = 0, i = dstStart, j = srcStart; x < width; x++, i += 4, j += 4) {
        const v = acc[x] + ROUND_LANES;
        const b = Math.floor(v * INV_LANE2);
        const rest = v - b * LANE2;
        const g = Math.floor(rest * INV_LANE1);
        dst[i] = (rest - g * LANE1) >> 8;
        dst[i + 1] = g >> 8;
        dst[i + 2] = b >> 8;
        dst[i + 3] = src[j + 3];
      }
    },
  };
}

/**
 * Packs the RGB of one row into pad[radius .. radius + width) and repeats the edge pixels `radius`
 * times on each side (the clamp at columns 0 and width-1).
 */
function packRow(s: Uint8Array, start: number, width: number, pad: Float64Array, radius: number): void {
  for (let x = 0, i = start; x < width; x++, i += 4) {
    pad[radius + x] = s[i] + s[i + 1] * LANE1 + s[i + 2] * LANE2;
  }
  const left = pad[radius];
  const right = pad[radius + width - 1];
  for (let k = 0; k < radius; k++) {
    pad[k] = left;
    pad[radius + width + k] = right;
  }
}

/**
 * Writes the Gaussian blur of src into dst's rows (RGB; alpha copied from src).
 * src must cover dst's rows plus kernel.radius rows each side, cut at the image edge. `passes` is
 * there for tests, to run the generic loops instead of the specialised code.
 */
export function gaussianBlurStrip(
  filterId: string,
  src: Strip,
  dst: Strip,
  kernel: GaussianKernel,
  passes: Passes = passesFor(kernel),
): void {
  assertStripCovers(filterId, src, dst, kernel.radius);
  const width = dst.width;
  if (dst.rows === 0 || width === 0) return;
  const r = kernel.radius;
  const last = dst.imageHeight - 1;
  const ringRows = 2 * r + V_BLOCK;
  const ring = scratchF64('gauss.ring', ringRows * width);
  const pad = scratchF64('gauss.pad', width + 2 * r);
  const acc = scratchF64('gauss.acc', width);
  const rows = new Int32Array(2 * r + V_BLOCK);
  const s = src.data;

  // Image rows up to `filledTo` are blurred horizontally, each in ring slot (row % ringRows); the ring
  // holds every row one vertical call needs.
  let filledTo = Math.max(0, dst.y0 - r) - 1;
  const fillTo = (need: number): void => {
    while (filledTo < need) {
      filledTo++;
      packRow(s, rowOffset(src, filledTo), width, pad, r);
      passes.horizontal(pad, ring, (filledTo % ringRows) * width, width);
    }
  };
  // Rows beyond the image edge repeat the edge row (clamp at rows 0 and imageHeight-1).
  const slot = (y: number): number => ((y < 0 ? 0 : Math.min(y, last)) % ringRows) * width;

  for (let row = 0; row < dst.rows; ) {
    const y = dst.y0 + row;
    if (passes.verticalBlock && row + V_BLOCK <= dst.rows) {
      fillTo(Math.min(last, y + V_BLOCK - 1 + r));
      for (let n = 0; n < 2 * r + V_BLOCK; n++) rows[n] = slot(y - r + n);
      passes.verticalBlock(ring, rows, width, dst.data, rowOffset(dst, y), s, rowOffset(src, y));
      row += V_BLOCK;
    } else {
      fillTo(Math.min(last, y + r));
      rows[0] = slot(y);
      for (let k = 1; k <= r; k++) {
        rows[k] = slot(y - k);
        rows[r + k] = slot(y + k);
      }
      passes.vertical(ring, rows, acc, width, dst.data, rowOffset(dst, y), s, rowOffset(src, y));
      row++;
    }
  }
}
