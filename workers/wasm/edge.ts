// AssemblyScript: Sobel edges and emboss, byte-for-byte their JS kernels (sobel.ts, emboss.ts).
import { luma1, luma4, toByte1, toByte4 } from './color';
import { align16, clampRow, dstRow, Job, srcRow, withAlpha } from './strip';

// ---------------------------------------------------------------------------------------------------
// Sobel: the luma of each source row (exact integers) goes once into a ring of three rows of i16, padded
// with the edge value on each side; gx and gy are exact i16 (|g| <= 4 * 255); gx^2 + gy^2 (< 2^21) is
// exact in i32 and in f32. The JS rounds sqrt in float64, min(255, (sqrt(m2) + 0.5) | 0); float32 gives
// the same: sqrt(m2) of an integer m2 is never within 4.9e-4 of a k + 0.5 (k <= 254), while f32 sqrt and
// the + 0.5 are off by less than 2^-16 each below 256 (the tests also check every m2 exhaustively).

function lumaStride(width: i32): i32 {
  return align16(2 * (width + 2) + 32);
}

export function sobelScratch(width: i32): i32 {
  return 3 * lumaStride(width);
}

/** Luma of `width` pixels at `row` into `out + 2` (i16), with out[0] = out[1] and out[width + 1] = out[width]. */
function lumaRow(row: usize, out: usize, width: i32): void {
  let x = 0;
  for (; x + 8 <= width; x += 8) {
    const a = luma4(v128.load(row + <usize>(4 * x)));
    const b = luma4(v128.load(row + <usize>(4 * x + 16)));
    v128.store(out + <usize>(2 + 2 * x), i16x8.narrow_i32x4_s(a, b));
  }
  for (; x < width; x++) store<u16>(out + <usize>(2 + 2 * x), <u16>luma1(load<u32>(row + <usize>(4 * x))));
  store<u16>(out, load<u16>(out + 2));
  store<u16>(out + <usize>(2 * (width + 1)), load<u16>(out + <usize>(2 * width)));
}

/** (v, v, v, 0) words of the bytes v[0..4): the alpha byte (lane 16, a zero) is filled from the source later. */
function greyLow(v: v128): v128 {
  return i8x16.shuffle(v, i8x16.splat(0), 0, 0, 0, 16, 1, 1, 1, 16, 2, 2, 2, 16, 3, 3, 3, 16);
}

/** (v, v, v, 0) words of the bytes v[4..8). */
function greyHigh(v: v128): v128 {
  return i8x16.shuffle(v, i8x16.splat(0), 4, 4, 4, 16, 5, 5, 5, 16, 6, 6, 6, 16, 7, 7, 7, 16);
}

function sobelPixel(up: usize, mid: usize, down: usize, x: i32): u32 {
  // Padded index x is pixel x - 1.
  const o = <usize>(2 * x);
  const t0 = <i32>load<u16>(up + o);
  const t1 = <i32>load<u16>(up + o, 2);
  const t2 = <i32>load<u16>(up + o, 4);
  const m0 = <i32>load<u16>(mid + o);
  const m2 = <i32>load<u16>(mid + o, 4);
  const b0 = <i32>load<u16>(down + o);
  const b1 = <i32>load<u16>(down + o, 2);
  const b2 = <i32>load<u16>(down + o, 4);
  const gx = t2 + 2 * m2 + b2 - (t0 + 2 * m0 + b0);
  const gy = b0 - t0 + 2 * (b1 - t1) + (b2 - t2);
  const v = <u32>min(255, <i32>(Math.sqrt(<f64>(gx * gx + gy * gy)) + 0.5));
  return v * 0x010101;
}

export function sobel(job: Job, scratch: usize): void {
  const width = job.width;
  const dstY0 = job.dstY0;
  const dstRows = job.dstRows;
  if (dstRows === 0 || width === 0) return;
  const last = job.imageHeight - 1;
  const stride = lumaStride(width);
  let filledTo = max(0, dstY0 - 1) - 1;
  const half = f32x4.splat(0.5);
  const top = i32x4.splat(255);
  for (let row = 0; row < dstRows; row++) {
    const y = dstY0 + row;
    const need = min(last, y + 1);
    while (filledTo < need) {
      filledTo++;
      lumaRow(srcRow(job, filledTo), scratch + <usize>((filledTo % 3) * stride), width);
    }
    const up = scratch + <usize>((clampRow(y - 1, last) % 3) * stride);
    const mid = scratch + <usize>((y % 3) * stride);
    const down = scratch + <usize>((clampRow(y + 1, last) % 3) * stride);
    const out = dstRow(job, y);
    const from = srcRow(job, y);
    let x = 0;
    for (; x + 8 <= width; x += 8) {
      const o = <usize>(2 * x);
      const t0 = v128.load(up + o);
      const t1 = v128.load(up + o, 2);
      const t2 = v128.load(up + o, 4);
      const m0 = v128.load(mid + o);
      const m2 = v128.load(mid + o, 4);
      const b0 = v128.load(down + o);
      const b1 = v128.load(down + o, 2);
      const b2 = v128.load(down + o, 4);
      const left = i16x8.add(i16x8.add(t0, b0), i16x8.shl(m0, 1));
      const right = i16x8.add(i16x8.add(t2, b2), i16x8.shl(m2, 1));
      const gx = i16x8.sub(right, left);
      const gy = i16x8.add(i16x8.add(i16x8.sub(b0, t0), i16x8.sub(b2, t2)), i16x8.shl(i16x8.sub(b1, t1), 1));
      // gx^2 + gy^2 per pixel: interleave (gx, gy) pairs and take the pairwise dot product.
      const pLo = i16x8.shuffle(gx, gy, 0, 8, 1, 9, 2, 10, 3, 11);
      const pHi = i16x8.shuffle(gx, gy, 4, 12, 5, 13, 6, 14, 7, 15);
      const vLo = i32x4.min_s(
        top,
        i32x4.trunc_sat_f32x4_s(
          f32x4.add(f32x4.sqrt(f32x4.convert_i32x4_s(i32x4.dot_i16x8_s(pLo, pLo))), half),
        ),
      );
      const vHi = i32x4.min_s(
        top,
        i32x4.trunc_sat_f32x4_s(
          f32x4.add(f32x4.sqrt(f32x4.convert_i32x4_s(i32x4.dot_i16x8_s(pHi, pHi))), half),
        ),
      );
      const v = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(vLo, vHi), i16x8.splat(0));
      const at = <usize>(4 * x);
      v128.store(out + at, withAlpha(greyLow(v), v128.load(from + at)));
      v128.store(out + at, withAlpha(greyHigh(v), v128.load(from + at, 16)), 16);
    }
    for (; x < width; x++) {
      const at = <usize>(4 * x);
      store<u32>(out + at, sobelPixel(up, mid, down, x) | (load<u32>(from + at) & 0xff000000));
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Emboss: each channel c + strength * relief, relief = -2 UL - U - L + R + D + 2 DR (exact integers,
// |relief| <= 4 * 255), and then toByte in float64 exactly as the JS: the product first, then the sum,
// then + 0.5 and truncation. Four pixels per iteration in the interior; columns 0 and width - 1 (whose
// neighbours are clamped) and the tail pixel by pixel.

/** One channel of one pixel, as emboss.ts. */
function embossChannel(up: usize, mid: usize, down: usize, l: usize, c: usize, r: usize, strength: f64): i32 {
  const relief =
    -2 * <i32>load<u8>(up + l) -
    <i32>load<u8>(up + c) -
    <i32>load<u8>(mid + l) +
    <i32>load<u8>(mid + r) +
    <i32>load<u8>(down + c) +
    2 * <i32>load<u8>(down + r);
  return toByte1(<f64>load<u8>(mid + c) + strength * <f64>relief);
}

function embossPixel(up: usize, mid: usize, down: usize, x: i32, lastX: i32, strength: f64): u32 {
  const l = <usize>(4 * (x === 0 ? 0 : x - 1));
  const r = <usize>(4 * (x === lastX ? lastX : x + 1));
  const c = <usize>(4 * x);
  const v =
    embossChannel(up, mid, down, l, c, r, strength) |
    (embossChannel(up, mid, down, l + 1, c + 1, r + 1, strength) << 8) |
    (embossChannel(up, mid, down, l + 2, c + 2, r + 2, strength) << 16);
  return <u32>v | (load<u32>(mid + c) & 0xff000000);
}

/** The low (pixels 0, 1) or high (2, 3) half of 16 bytes as u16 lanes. */
function widen(v: v128, high: bool): v128 {
  return high ? i16x8.extend_high_i8x16_u(v) : i16x8.extend_low_i8x16_u(v);
}

/** -2 UL - U - L + R + D + 2 DR per channel of two pixels, in i16. */
function relief8(ul: v128, u: v128, l: v128, r: v128, d: v128, dr: v128, high: bool): v128 {
  const plus = i16x8.add(i16x8.add(widen(r, high), widen(d, high)), i16x8.shl(widen(dr, high), 1));
  const minus = i16x8.add(i16x8.add(widen(u, high), widen(l, high)), i16x8.shl(widen(ul, high), 1));
  return i16x8.sub(plus, minus);
}

/** toByte(c + strength * relief) of 4 channels: c and relief as i32x4. */
function emboss4(c: v128, relief: v128, s: v128): v128 {
  const lo = f64x2.add(f64x2.convert_low_i32x4_s(c), f64x2.mul(s, f64x2.convert_low_i32x4_s(relief)));
  const cHi = i32x4.shuffle(c, c, 2, 3, 2, 3);
  const rHi = i32x4.shuffle(relief, relief, 2, 3, 2, 3);
  const hi = f64x2.add(f64x2.convert_low_i32x4_s(cHi), f64x2.mul(s, f64x2.convert_low_i32x4_s(rHi)));
  return toByte4(lo, hi);
}

export function emboss(job: Job, strength: f64): void {
  const width = job.width;
  if (job.dstRows === 0 || width === 0) return;
  const last = job.imageHeight - 1;
  const lastX = width - 1;
  const s = f64x2.splat(strength);
  for (let row = 0; row < job.dstRows; row++) {
    const y = job.dstY0 + row;
    const up = srcRow(job, clampRow(y - 1, last));
    const mid = srcRow(job, y);
    const down = srcRow(job, clampRow(y + 1, last));
    const out = dstRow(job, y);
    store<u32>(out, embossPixel(up, mid, down, 0, lastX, strength));
    let x = 1;
    for (; x + 4 <= lastX; x += 4) {
      const o = <usize>(4 * x);
      const ul = v128.load(up + o - 4);
      const u = v128.load(up + o);
      const l = v128.load(mid + o - 4);
      const c = v128.load(mid + o);
      const r = v128.load(mid + o + 4);
      const d = v128.load(down + o);
      const dr = v128.load(down + o + 4);
      // relief per channel in i16 (|relief| <= 1020), low and high halves (pixels x, x+1 and x+2, x+3).
      const reliefLo = relief8(ul, u, l, r, d, dr, false);
      const reliefHi = relief8(ul, u, l, r, d, dr, true);
      const cLo = i16x8.extend_low_i8x16_u(c);
      const cHi = i16x8.extend_high_i8x16_u(c);
      const p0 = emboss4(i32x4.extend_low_i16x8_u(cLo), i32x4.extend_low_i16x8_s(reliefLo), s);
      const p1 = emboss4(i32x4.extend_high_i16x8_u(cLo), i32x4.extend_high_i16x8_s(reliefLo), s);
      const p2 = emboss4(i32x4.extend_low_i16x8_u(cHi), i32x4.extend_low_i16x8_s(reliefHi), s);
      const p3 = emboss4(i32x4.extend_high_i16x8_u(cHi), i32x4.extend_high_i16x8_s(reliefHi), s);
      const v = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(p0, p1), i16x8.narrow_i32x4_s(p2, p3));
      v128.store(out + o, withAlpha(v, c));
    }
    for (; x < width; x++) store<u32>(out + <usize>(4 * x), embossPixel(up, mid, down, x, lastX, strength));
  }
}
