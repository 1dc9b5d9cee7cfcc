/**
 * The separable Gaussian shared by gaussian-blur and unsharp.
 *
 * Speed and exactness come from the same trick: R, G and B of a pixel are packed into ONE float64 as
 * three 16-bit lanes (r + b * 2^16 + g * 2^32, which is the pixel's 32-bit word masked with 0x00ff00ff
 * plus its green byte moved up). Weights are integers summing to 256, so a lane never exceeds
 * 255 * 256 + 128 < 2^16 and every sum stays an integer below 2^48: float64 arithmetic on it is exact,
 * one multiply-add filters three channels, and the result cannot depend on the order of evaluation or
 * on where a strip starts. Each pass rounds its lanes back to 8 bits: `v >>> 8` takes the low 32 bits
 * of the integer v exactly (ToUint32), so red and blue come out with one mask, and green is
 * `v * 2^-32` truncated.
 *
 * Rows are read and written as 32-bit words (one load per source pixel, one store per output pixel).
 * The horizontal pass pads each row with its edge pixels (clamping at columns 0 and width-1); the
 * vertical pass keeps the horizontally blurred rows in a small ring keyed by image row, so row clamping
 * happens at the true image edges whatever the strip, and the ring (2r + V_BLOCK rows) stays in L2 while
 * the source is read once and the destination written once. Ring rows are an odd number of cache lines
 * apart: with widths whose rows are a multiple of 4 KiB (2560 px is 20 KiB) the rows the vertical pass
 * reads together would otherwise all fall in the same L1 sets and evict one another (that alone cost
 * 20% at 2560 px).
 *
 * Both passes are specialised per kernel at run time (weights as constants, taps unrolled, several
 * outputs per iteration sharing their loads); generic loops with the same arithmetic remain as the
 * fallback where code generation is not allowed, and give the same bytes.
 *
 * Accuracy: within ~0.3 levels (mean) of an exact floating-point Gaussian; libvips, which truncates its
 * mask at 20% of the peak, measured 0.5-5 levels away on 96x64 test images (filters.test.ts checks ours).
 */
import { assertStripCovers, scratchF64, scratchI32 } from './strip';
import type { ParamSpec, Strip } from './types';

/** Total of the integer weights (one side plus centre plus other side). */
const WEIGHT_SUM = 256;
/** Weight of the green lane; red is lane 0 and blue lane 2^16, where a pixel word already has them. */
const GREEN_LANE = 2 ** 32;
const INV_GREEN_LANE = 2 ** -32;
/** Moves a rounded green lane straight to its 8-bit result: floor(v / 2^40) (see roundPacked). */
const INV_GREEN_BYTE = 2 ** -40;
/** Adds half a unit (128 / 256) to each lane so that dropping the low 8 bits rounds to nearest. */
const ROUND_LANES = 128 + 128 * 2 ** 16 + 128 * GREEN_LANE;
const RED_BLUE = 0x00ff00ff;

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

/**
 * The `sigma` parameter of every filter built on this Gaussian (gaussian-blur, unsharp): declared once,
 * so its bounds and default cannot drift apart; each filter says in its own words what it does.
 */
export function sigmaParam(description: string): ParamSpec {
  return {
    key: 'sigma',
    label: 'Sigma',
    type: 'float',
    default: 2,
    min: 0.5,
    max: 20,
    step: 0.1,
    unit: 'px',
    description,
  };
}

/** The halo rows a filter built on this Gaussian needs: its kernel's radius. */
export function sigmaRadius(p: { sigma: number }): number {
  return gaussianKernel(p.sigma).radius;
}

/** Output pixels per iteration of the horizontal pass: neighbours share all but one of their loads. */
const H_BLOCK = 4;
/** Output rows per call of the vertical block pass: they share 2r of their 2r+1 row loads. */
export const V_BLOCK = 4;

/**
 * The passes of one kernel. Pixels are 32-bit words (little-endian RGBA: red in the low byte).
 * - `horizontal` convolves a padded packed row (`pad[x + radius]` is pixel x; `radius` edge copies each
 *   side) and stores rounded packed lanes into `out[outStart + x]`.
 * - `vertical` writes one output row: `rows[0]` is the ring offset of the centre row and `rows[k]`,
 *   `rows[radius + k]` those k rows above and below. The pixel goes to `dst[dstStart + x]` with its
 *   alpha from `src[srcStart + x]`.
 * - `verticalBlock` (optional) writes V_BLOCK consecutive rows, `width` words apart in dst and src:
 *   `rows[n]` is the ring offset of row y - radius + n for n in [0, 2 radius + V_BLOCK).
 */
type VerticalPass = (
  ring: Float64Array,
  rows: Int32Array,
  width: number,
  dst: Int32Array,
  dstStart: number,
  src: Int32Array,
  srcStart: number,
) => void;

export interface Passes {
  horizontal(pad: Float64Array, out: Float64Array, outStart: number, width: number): void;
  vertical: VerticalPass;
  verticalBlock?: VerticalPass;
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

/** Source of roundPacked for generated code: `v` must be a plain name. */
function roundPackedCode(v: string): string {
  return `((${v} >>> 8) & ${RED_BLUE}) + ((${v} * ${INV_GREEN_BYTE}) | 0) * ${GREEN_LANE}`;
}

/** Statements of toPixel for generated code: the pixel of sum `sum` to dst[at], alpha from src[from]. */
function toPixelCode(sum: string, at: string, from: string): string {
  return `{
        const v = ${sum} + ${ROUND_LANES};
        dst[${at}] = ((v >>> 8) & ${RED_BLUE}) | ((v * ${INV_GREEN_LANE}) & 0xff00) | (src[${from}] & 0xff000000);
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
    blockOutputs.push(`{
        const v = ${convolution(w, padAt, m)} + ${ROUND_LANES};
        out[o + ${m}] = ${roundPackedCode('v')};
      }`);
  }
  const horizontal = `
    let x = 0;
    for (let o = outStart; x + ${H_BLOCK} <= width; x += ${H_BLOCK}, o += ${H_BLOCK}) {
      const c = x + ${r};
      ${padLoads.join('\n      ')}
      ${blockOutputs.join('\n      ')}
    }
    for (; x < width; x++) {
      const c = x + ${r};
      const v = ${convolution(w, (n) => `pad[c + ${n}]`, 0)} + ${ROUND_LANES};
      out[outStart + x] = ${roundPackedCode('v')};
    }`;

  // Vertical, one row: rows[0] centre, rows[k] above, rows[r + k] below.
  const rowVar = (n: number) => (n === 0 ? 'c0' : n < 0 ? `a${-n}` : `b${n}`);
  const rowDecls = ['const c0 = rows[0];'];
  for (let k = 1; k <= r; k++) rowDecls.push(`const a${k} = rows[${k}], b${k} = rows[${r + k}];`);
  const vertical = `
    ${rowDecls.join(' ')}
    for (let x = 0, i = dstStart, j = srcStart; x < width; x++, i++, j++) {
      ${toPixelCode(
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
    const row = m === 0 ? '' : ` + ${m} * width`;
    blockStores.push(toPixelCode(convolution(w, q, r + m), `i${row}`, `j${row}`));
  }
  const verticalBlock = `
    ${blockRowDecls.join(' ')}
    for (let x = 0, i = dstStart, j = srcStart; x < width; x++, i++, j++) {
      ${blockLoads.join(' ')}
      ${blockStores.join('\n      ')}
    }`;

  const args = ['ring', 'rows', 'width', 'dst', 'dstStart', 'src', 'srcStart'];
  try {
    return {
      horizontal: new Function('pad', 'out', 'outStart', 'width', horizontal) as Passes['horizontal'],
      vertical: new Function(...args, vertical) as Passes['vertical'],
      verticalBlock: new Function(...args, verticalBlock) as Passes['verticalBlock'],
    };
  } catch {
    return undefined;
  }
}

/**
 * Rounds each packed lane of an unrounded sum to 8 bits and repacks them. `s >>> 8` is the low 32 bits
 * of s (red and blue lanes, exact since s < 2^53) shifted; green is floor(s / 2^40), since the lanes
 * below it add less than 2^32 / 2^40 = 1/256 to a value whose fraction is at most 255/256.
 */
function roundPacked(sum: number): number {
  const s = sum + ROUND_LANES;
  return ((s >>> 8) & RED_BLUE) + ((s * INV_GREEN_BYTE) | 0) * GREEN_LANE;
}

/** The RGBA word of a packed unrounded sum, with the alpha byte of `alphaFrom`. */
function toPixel(sum: number, alphaFrom: number): number {
  const s = sum + ROUND_LANES;
  return ((s >>> 8) & RED_BLUE) | ((s * INV_GREEN_LANE) & 0xff00) | (alphaFrom & 0xff000000);
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
        out[outStart + x] = roundPacked(v);
      }
    },
    vertical(ring, rows, width, dst, dstStart, src, srcStart) {
      const c0 = rows[0];
      for (let x = 0; x < width; x++) {
        let v = w[0] * ring[c0 + x];
        for (let k = 1; k <= r; k++) v += w[k] * (ring[rows[k] + x] + ring[rows[r + k] + x]);
        dst[dstStart + x] = toPixel(v, src[srcStart + x]);
      }
    },
  };
}

/**
 * Packs the RGB of one row of pixel words into pad[radius .. radius + width) and repeats the edge
 * pixels `radius` times on each side (the clamp at columns 0 and width-1).
 */
function packRow(s: Int32Array, start: number, width: number, pad: Float64Array, radius: number): void {
  for (let x = 0; x < width; x++) {
    const p = s[start + x];
    pad[radius + x] = (p & RED_BLUE) + ((p >>> 8) & 0xff) * GREEN_LANE;
  }
  const left = pad[radius];
  const right = pad[radius + width - 1];
  for (let k = 0; k < radius; k++) {
    pad[k] = left;
    pad[radius + width + k] = right;
  }
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/**
 * The strip's bytes as RGBA words with red in the low byte: a view when the bytes are 4-aligned on a
 * little-endian machine (always, for strips of whole images), else a reordered copy in scratch `name`.
 */
function wordsOf(bytes: Uint8Array, length: number, name: string): Int32Array {
  if (LITTLE_ENDIAN && bytes.byteOffset % 4 === 0)
    return new Int32Array(bytes.buffer, bytes.byteOffset, length);
  const words = scratchI32(name, length);
  for (let x = 0, i = 0; x < length; x++, i += 4) {
    words[x] = bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
  }
  return words;
}

/** Ring row stride in float64s: at least `width`, an odd number of 64-byte cache lines. */
function ringStride(width: number): number {
  const lines = Math.ceil(width / 8);
  return (lines % 2 === 0 ? lines + 1 : lines) * 8;
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
  const stride = ringStride(width);
  const ring = scratchF64('gauss.ring', ringRows * stride);
  const pad = scratchF64('gauss.pad', width + 2 * r);
  const rows = new Int32Array(2 * r + V_BLOCK);
  const s = wordsOf(src.data, src.rows * width, 'gauss.src');
  const dstWords = dst.rows * width;
  const d = wordsOf(dst.data, dstWords, 'gauss.dst');
  const wordAt = (strip: Strip, y: number) => (y - strip.y0) * width;

  // Image rows up to `filledTo` are blurred horizontally, each in ring slot (row % ringRows); the ring
  // holds every row one vertical call needs.
  let filledTo = Math.max(0, dst.y0 - r) - 1;
  const fillTo = (need: number): void => {
    while (filledTo < need) {
      filledTo++;
      packRow(s, wordAt(src, filledTo), width, pad, r);
      passes.horizontal(pad, ring, (filledTo % ringRows) * stride, width);
    }
  };
  // Rows beyond the image edge repeat the edge row (clamp at rows 0 and imageHeight-1).
  const slot = (y: number): number => ((y < 0 ? 0 : Math.min(y, last)) % ringRows) * stride;

  for (let row = 0; row < dst.rows; ) {
    const y = dst.y0 + row;
    if (passes.verticalBlock && row + V_BLOCK <= dst.rows) {
      fillTo(Math.min(last, y + V_BLOCK - 1 + r));
      for (let n = 0; n < 2 * r + V_BLOCK; n++) rows[n] = slot(y - r + n);
      passes.verticalBlock(ring, rows, width, d, wordAt(dst, y), s, wordAt(src, y));
      row += V_BLOCK;
    } else {
      fillTo(Math.min(last, y + r));
      rows[0] = slot(y);
      for (let k = 1; k <= r; k++) {
        rows[k] = slot(y - k);
        rows[r + k] = slot(y + k);
      }
      passes.vertical(ring, rows, width, d, wordAt(dst, y), s, wordAt(src, y));
      row++;
    }
  }
  if (d.buffer !== dst.data.buffer) {
    const out = dst.data;
    for (let x = 0, i = 0; x < dstWords; x++, i += 4) {
      const p = d[x];
      out[i] = p & 0xff;
      out[i + 1] = (p >>> 8) & 0xff;
      out[i + 2] = (p >>> 16) & 0xff;
      out[i + 3] = p >>> 24;
    }
  }
}
