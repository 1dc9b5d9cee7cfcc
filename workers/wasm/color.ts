// AssemblyScript (compiled by scripts/build-wasm.mjs, not by tsc): the per-pixel colour kernels.
//
// Each one is byte-for-byte its JS kernel in workers/filters/ (the reference): integer arithmetic where
// the JS is integer, float64 lanes (f64x2, never f32) where the JS computes in doubles, with the same
// operations in the same order, so every rounding is the same. Pixels are RGBA, 4 bytes, little-endian
// words (red in the low byte). `src` and `dst` are byte addresses of `bytes` bytes (a multiple of 4);
// alpha is copied from src. Sixteen bytes (4 pixels) per iteration, the tail pixel by pixel.

const ALPHA: u32 = 0xff000000;

/** Rec. 601 luma of 4 pixel words, in fixed point: (77 r + 150 g + 29 b + 128) >> 8 (strip.ts `luma`). */
export function luma4(p: v128): v128 {
  const byte = i32x4.splat(0xff);
  const r = v128.and(p, byte);
  const g = v128.and(i32x4.shr_u(p, 8), byte);
  const b = v128.and(i32x4.shr_u(p, 16), byte);
  const sum = i32x4.add(
    i32x4.add(i32x4.mul(r, i32x4.splat(77)), i32x4.mul(g, i32x4.splat(150))),
    i32x4.add(i32x4.mul(b, i32x4.splat(29)), i32x4.splat(128)),
  );
  return i32x4.shr_u(sum, 8);
}

export function luma1(p: u32): u32 {
  return (77 * (p & 0xff) + 150 * ((p >> 8) & 0xff) + 29 * ((p >> 16) & 0xff) + 128) >> 8;
}

/** Grey words (v, v, v) with the alpha of `p`, v < 256 in each lane. */
function grey4(v: v128, p: v128): v128 {
  return v128.or(i32x4.mul(v, i32x4.splat(0x010101)), v128.and(p, i32x4.splat(ALPHA)));
}

export function invert(src: usize, dst: usize, bytes: i32): void {
  const mask = i32x4.splat(0x00ffffff);
  let i = 0;
  for (; i + 16 <= bytes; i += 16) v128.store(dst + i, v128.xor(v128.load(src + i), mask));
  for (; i < bytes; i += 4) store<u32>(dst + i, load<u32>(src + i) ^ 0x00ffffff);
}

export function grayscale(src: usize, dst: usize, bytes: i32): void {
  let i = 0;
  for (; i + 16 <= bytes; i += 16) {
    const p = v128.load(src + i);
    v128.store(dst + i, grey4(luma4(p), p));
  }
  for (; i < bytes; i += 4) {
    const p = load<u32>(src + i);
    store<u32>(dst + i, (luma1(p) * 0x010101) | (p & ALPHA));
  }
}

export function threshold(src: usize, dst: usize, bytes: i32, level: i32): void {
  const lv = i32x4.splat(level);
  const white = i32x4.splat(0x00ffffff);
  const alpha = i32x4.splat(ALPHA);
  let i = 0;
  for (; i + 16 <= bytes; i += 16) {
    const p = v128.load(src + i);
    const on = i32x4.ge_s(luma4(p), lv);
    v128.store(dst + i, v128.or(v128.and(on, white), v128.and(p, alpha)));
  }
  for (; i < bytes; i += 4) {
    const p = load<u32>(src + i);
    store<u32>(dst + i, (<i32>luma1(p) >= level ? 0x00ffffff : 0) | (p & ALPHA));
  }
}

/** The two low i32 lanes of `v` as f64x2. */
function lowF64(v: v128): v128 {
  return f64x2.convert_low_i32x4_s(v);
}

/** The two high i32 lanes of `v` as f64x2. */
function highF64(v: v128): v128 {
  return f64x2.convert_low_i32x4_s(i32x4.shuffle(v, v, 2, 3, 2, 3));
}

/**
 * toByte (strip.ts) of two f64x2: max(0, min(255, (v + 0.5) | 0)) as 4 i32 lanes (lo's two, then hi's).
 * `| 0` truncates towards zero like trunc_sat, and every value here is far inside the i32 range.
 */
export function toByte4(lo: v128, hi: v128): v128 {
  const half = f64x2.splat(0.5);
  const a = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(lo, half));
  const b = i32x4.trunc_sat_f64x2_s_zero(f64x2.add(hi, half));
  const t = i32x4.shuffle(a, b, 0, 1, 4, 5);
  return i32x4.max_s(i32x4.splat(0), i32x4.min_s(i32x4.splat(255), t));
}

export function toByte1(v: f64): i32 {
  const t = <i32>(v + 0.5);
  return min(max(t, 0), 255);
}

/** Words from three i32x4 of channel bytes (each 0..255) and the alpha of `p`. */
function pack4(r: v128, g: v128, b: v128, p: v128): v128 {
  return v128.or(v128.or(r, i32x4.shl(g, 8)), v128.or(i32x4.shl(b, 16), v128.and(p, i32x4.splat(ALPHA))));
}

/** d = toByte(y + (c - y) * a) per channel, as saturation.ts. */
function saturate4(c: v128, y: v128, a: v128): v128 {
  const d = i32x4.sub(c, y);
  const lo = f64x2.add(lowF64(y), f64x2.mul(lowF64(d), a));
  const hi = f64x2.add(highF64(y), f64x2.mul(highF64(d), a));
  return toByte4(lo, hi);
}

export function saturation(src: usize, dst: usize, bytes: i32, amount: f64): void {
  const a = f64x2.splat(amount);
  const byte = i32x4.splat(0xff);
  let i = 0;
  for (; i + 16 <= bytes; i += 16) {
    const p = v128.load(src + i);
    const y = luma4(p);
    const r = v128.and(p, byte);
    const g = v128.and(i32x4.shr_u(p, 8), byte);
    const b = v128.and(i32x4.shr_u(p, 16), byte);
    v128.store(dst + i, pack4(saturate4(r, y, a), saturate4(g, y, a), saturate4(b, y, a), p));
  }
  for (; i < bytes; i += 4) {
    const p = load<u32>(src + i);
    const y = <i32>luma1(p);
    const r = <i32>(p & 0xff);
    const g = <i32>((p >> 8) & 0xff);
    const b = <i32>((p >> 16) & 0xff);
    const out =
      toByte1(<f64>y + <f64>(r - y) * amount) |
      (toByte1(<f64>y + <f64>(g - y) * amount) << 8) |
      (toByte1(<f64>y + <f64>(b - y) * amount) << 16);
    store<u32>(dst + i, <u32>out | (p & ALPHA));
  }
}

/** toByte(m0 * r + m1 * g + m2 * b) for the 4 pixels of r, g, b (i32x4), left to right as sepia.ts. */
function mix4(r: v128, g: v128, b: v128, m0: f64, m1: f64, m2: f64): v128 {
  const a = f64x2.splat(m0);
  const c = f64x2.splat(m1);
  const e = f64x2.splat(m2);
  const lo = f64x2.add(f64x2.add(f64x2.mul(a, lowF64(r)), f64x2.mul(c, lowF64(g))), f64x2.mul(e, lowF64(b)));
  const hi = f64x2.add(
    f64x2.add(f64x2.mul(a, highF64(r)), f64x2.mul(c, highF64(g))),
    f64x2.mul(e, highF64(b)),
  );
  return toByte4(lo, hi);
}

function mix1(r: f64, g: f64, b: f64, m0: f64, m1: f64, m2: f64): i32 {
  return toByte1(m0 * r + m1 * g + m2 * b);
}

/** The 3x3 colour matrix m (row-major, the blend sepia.ts computes), at address `m` as 9 f64. */
export function sepia(src: usize, dst: usize, bytes: i32, m: usize): void {
  const m00 = load<f64>(m, 0);
  const m01 = load<f64>(m, 8);
  const m02 = load<f64>(m, 16);
  const m10 = load<f64>(m, 24);
  const m11 = load<f64>(m, 32);
  const m12 = load<f64>(m, 40);
  const m20 = load<f64>(m, 48);
  const m21 = load<f64>(m, 56);
  const m22 = load<f64>(m, 64);
  const byte = i32x4.splat(0xff);
  let i = 0;
  for (; i + 16 <= bytes; i += 16) {
    const p = v128.load(src + i);
    const r = v128.and(p, byte);
    const g = v128.and(i32x4.shr_u(p, 8), byte);
    const b = v128.and(i32x4.shr_u(p, 16), byte);
    v128.store(
      dst + i,
      pack4(mix4(r, g, b, m00, m01, m02), mix4(r, g, b, m10, m11, m12), mix4(r, g, b, m20, m21, m22), p),
    );
  }
  for (; i < bytes; i += 4) {
    const p = load<u32>(src + i);
    const r = <f64>(p & 0xff);
    const g = <f64>((p >> 8) & 0xff);
    const b = <f64>((p >> 16) & 0xff);
    const out =
      mix1(r, g, b, m00, m01, m02) |
      (mix1(r, g, b, m10, m11, m12) << 8) |
      (mix1(r, g, b, m20, m21, m22) << 16);
    store<u32>(dst + i, <u32>out | (p & ALPHA));
  }
}

/** A 256-entry table (at `lut`) applied to R, G and B, alpha copied (per-pixel.ts `applyLut`). */
export function applyLut(src: usize, dst: usize, bytes: i32, lut: usize): void {
  for (let i = 0; i < bytes; i += 4) {
    const p = load<u32>(src + i);
    const r = <u32>load<u8>(lut + (p & 0xff));
    const g = <u32>load<u8>(lut + ((p >> 8) & 0xff));
    const b = <u32>load<u8>(lut + ((p >> 16) & 0xff));
    store<u32>(dst + i, r | (g << 8) | (b << 16) | (p & ALPHA));
  }
}
