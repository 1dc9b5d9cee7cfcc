// AssemblyScript: box blur, Gaussian blur and unsharp mask, byte-for-byte their JS kernels.
import { align16, clampRow, dstRow, Job, padRow, ringStride, srcRow, storeRow } from './strip';

// ---------------------------------------------------------------------------------------------------
// Box blur (box-blur.ts): the exact sum of the clamped (2r+1) x (2r+1) square, rounded once,
// floor((sum + n/2) / n). Integer sums are exact in any order, so this version slides the window
// vertically first (one i32x4 of R, G, B, A sums per column) and then horizontally along each row,
// which needs no ring of rows. The division runs in float32: sum + half < 255 * 101^2 + 101^2 < 2^24 is
// exact, and floor(a / n) of f32(a / n) is exact because a quotient that is not whole lies at least
// 1/n >= 1/10201 below the next integer while f32 rounding moves it less than 256 * 2^-24.

export function boxScratch(width: i32): i32 {
  return align16(width * 16) + 16;
}

/** The 4 channels of the pixel at `p`, as i32x4. */
function pixel4(p: usize): v128 {
  return i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(p)));
}

/** col[x] += sign * pixels of row `row`, for every x (sign +1 or -1). */
function addRow(col: usize, row: usize, width: i32, sign: i32): void {
  let x = 0;
  for (; x + 4 <= width; x += 4) {
    const p = v128.load(row + <usize>(4 * x));
    const lo = i16x8.extend_low_i8x16_u(p);
    const hi = i16x8.extend_high_i8x16_u(p);
    const c = col + <usize>(16 * x);
    const a0 = i32x4.extend_low_i16x8_u(lo);
    const a1 = i32x4.extend_high_i16x8_u(lo);
    const a2 = i32x4.extend_low_i16x8_u(hi);
    const a3 = i32x4.extend_high_i16x8_u(hi);
    if (sign > 0) {
      v128.store(c, i32x4.add(v128.load(c), a0));
      v128.store(c, i32x4.add(v128.load(c, 16), a1), 16);
      v128.store(c, i32x4.add(v128.load(c, 32), a2), 32);
      v128.store(c, i32x4.add(v128.load(c, 48), a3), 48);
    } else {
      v128.store(c, i32x4.sub(v128.load(c), a0));
      v128.store(c, i32x4.sub(v128.load(c, 16), a1), 16);
      v128.store(c, i32x4.sub(v128.load(c, 32), a2), 32);
      v128.store(c, i32x4.sub(v128.load(c, 48), a3), 48);
    }
  }
  for (; x < width; x++) {
    const c = col + <usize>(16 * x);
    const a = pixel4(row + <usize>(4 * x));
    v128.store(c, sign > 0 ? i32x4.add(v128.load(c), a) : i32x4.sub(v128.load(c), a));
  }
}

/** col[x] += pixels(enter) - pixels(leave): the vertical window slides down one row. */
function slideRows(col: usize, enter: usize, leave: usize, width: i32): void {
  let x = 0;
  for (; x + 4 <= width; x += 4) {
    const e = v128.load(enter + <usize>(4 * x));
    const l = v128.load(leave + <usize>(4 * x));
    // enter - leave in -255..255, as i16.
    const lo = i16x8.sub(i16x8.extend_low_i8x16_u(e), i16x8.extend_low_i8x16_u(l));
    const hi = i16x8.sub(i16x8.extend_high_i8x16_u(e), i16x8.extend_high_i8x16_u(l));
    const c = col + <usize>(16 * x);
    v128.store(c, i32x4.add(v128.load(c), i32x4.extend_low_i16x8_s(lo)));
    v128.store(c, i32x4.add(v128.load(c, 16), i32x4.extend_high_i16x8_s(lo)), 16);
    v128.store(c, i32x4.add(v128.load(c, 32), i32x4.extend_low_i16x8_s(hi)), 32);
    v128.store(c, i32x4.add(v128.load(c, 48), i32x4.extend_high_i16x8_s(hi)), 48);
  }
  for (; x < width; x++) {
    const c = col + <usize>(16 * x);
    const d = i32x4.sub(pixel4(enter + <usize>(4 * x)), pixel4(leave + <usize>(4 * x)));
    v128.store(c, i32x4.add(v128.load(c), d));
  }
}

/**
 * The horizontal window sum at x + 1 from the one at x: column x + r + 1 enters, column x - r leaves
 * (both clamped to the row, also past its end, where the sums go to pixels that are not stored).
 */
function slide(s: v128, col: usize, x: i32, r: i32, lastX: i32): v128 {
  const enter = v128.load(col + <usize>(16 * min(x + r + 1, lastX)));
  const leave = v128.load(col + <usize>(16 * min(max(x - r, 0), lastX)));
  return i32x4.add(s, i32x4.sub(enter, leave));
}

/** floor((sum + half) / n) of one pixel's 4 channel sums. */
function mean4(sum: v128, half: v128, n: v128): v128 {
  return i32x4.trunc_sat_f32x4_s(f32x4.div(f32x4.convert_i32x4_s(i32x4.add(sum, half)), n));
}

export function boxBlur(job: Job, r: i32, scratch: usize): void {
  const width = job.width;
  const dstY0 = job.dstY0;
  const dstRows = job.dstRows;
  if (dstRows === 0 || width === 0) return;
  const last = job.imageHeight - 1;
  const lastX = width - 1;
  const col = scratch;
  const side = 2 * r + 1;
  const half = i32x4.splat((side * side) >> 1);
  const n = f32x4.splat(<f32>(side * side));
  memory.fill(col, 0, <usize>(16 * width));
  for (let k = -r; k <= r; k++) addRow(col, srcRow(job, clampRow(dstY0 + k, last)), width, 1);
  for (let row = 0; ; row++) {
    const y = dstY0 + row;
    const out = dstRow(job, y);
    const from = srcRow(job, y);
    // Horizontal window of column sums at x = 0: r copies of column 0, then columns 0..r (clamped).
    let s = i32x4.mul(v128.load(col), i32x4.splat(r));
    for (let k = 0; k <= r; k++) s = i32x4.add(s, v128.load(col + <usize>(16 * min(k, lastX))));
    for (let x = 0; x < width; x += 4) {
      // Four pixels, then one store (storeRow stores only the pixels the row has).
      const m0 = mean4(s, half, n);
      s = slide(s, col, x, r, lastX);
      const m1 = mean4(s, half, n);
      s = slide(s, col, x + 1, r, lastX);
      const m2 = mean4(s, half, n);
      s = slide(s, col, x + 2, r, lastX);
      const m3 = mean4(s, half, n);
      s = slide(s, col, x + 3, r, lastX);
      const bytes = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_u(m0, m1), i16x8.narrow_i32x4_u(m2, m3));
      storeRow(out + <usize>(4 * x), from + <usize>(4 * x), bytes, width - x);
    }
    if (row + 1 === dstRows) break;
    slideRows(col, srcRow(job, clampRow(y + r + 1, last)), srcRow(job, clampRow(y - r, last)), width);
  }
}

// ---------------------------------------------------------------------------------------------------
// Gaussian blur (gaussian-kernel.ts): integer weights w[0..r] summing to 256; each pass rounds every
// channel back to 8 bits, h = (sum_k w[|k|] c(x + k) + 128) >> 8, horizontally with the row's edge pixels
// repeated, then vertically over rows clamped at the image edge. That is exactly what the JS packed-float
// lanes compute (each lane is one channel's integer sum, below 2^16). Here a channel is a u16 lane:
// sum <= 255 * 256 + 128 < 2^16, and w[k] <= 128 for k >= 1, so (a + b) * w[k] of a symmetric pair
// fits too. Four pixels (16 channels, alpha computed and discarded) per iteration.

/** Scratch: the weights splatted (r + 1 vectors), a padded row, the ring of 2r + 1 blurred rows. */
export function gaussianScratch(width: i32, r: i32): i32 {
  return (
    16 * (r + 1) + align16(4 * (width + 2 * r) + 16) + (2 * r + 1) * ringStride(4 * width) + 16 * (2 * r + 1)
  );
}

/** Rounds two u16x8 channel sums to bytes: (v + 128) >> 8. */
function round8(lo: v128, hi: v128): v128 {
  const h = i16x8.splat(128);
  return i8x16.narrow_i16x8_u(i16x8.shr_u(i16x8.add(lo, h), 8), i16x8.shr_u(i16x8.add(hi, h), 8));
}

/** lo/hi += (extended a + extended b) * w: one symmetric pair of taps on 4 pixels. */
function pairLo(acc: v128, a: v128, b: v128, w: v128): v128 {
  return i16x8.add(acc, i16x8.mul(i16x8.add(i16x8.extend_low_i8x16_u(a), i16x8.extend_low_i8x16_u(b)), w));
}

function pairHi(acc: v128, a: v128, b: v128, w: v128): v128 {
  return i16x8.add(acc, i16x8.mul(i16x8.add(i16x8.extend_high_i8x16_u(a), i16x8.extend_high_i8x16_u(b)), w));
}

/**
 * Horizontal pass of one padded row (`pad`, pixel x at pad + 4 (x + r)) into `out`, width rounded up to
 * 8 (the ring rows have the slack). Eight pixels per iteration share each weight load.
 */
function gaussRow(pad: usize, out: usize, width: i32, r: i32, w: usize): void {
  const w0 = v128.load(w);
  for (let x = 0; x < width; x += 8) {
    const c = pad + <usize>(4 * (x + r));
    const p = v128.load(c);
    const q = v128.load(c, 16);
    let lo = i16x8.mul(i16x8.extend_low_i8x16_u(p), w0);
    let hi = i16x8.mul(i16x8.extend_high_i8x16_u(p), w0);
    let lo2 = i16x8.mul(i16x8.extend_low_i8x16_u(q), w0);
    let hi2 = i16x8.mul(i16x8.extend_high_i8x16_u(q), w0);
    for (let k = 1; k <= r; k++) {
      const left = c - <usize>(4 * k);
      const right = c + <usize>(4 * k);
      const wk = v128.load(w + <usize>(16 * k));
      const a = v128.load(left);
      const b = v128.load(right);
      lo = pairLo(lo, a, b, wk);
      hi = pairHi(hi, a, b, wk);
      const a2 = v128.load(left, 16);
      const b2 = v128.load(right, 16);
      lo2 = pairLo(lo2, a2, b2, wk);
      hi2 = pairHi(hi2, a2, b2, wk);
    }
    v128.store(out + <usize>(4 * x), round8(lo, hi));
    v128.store(out + <usize>(4 * x), round8(lo2, hi2), 16);
  }
}

/**
 * Vertical pass of one output row: `rows` holds 2r + 1 row addresses, rows[k] for image row y - r + k
 * (clamped). Alpha comes from `from`, the source row. Eight pixels per iteration share the row and weight
 * loads; the last 1..7 pixels of the row are stored one by one, so nothing is written past the row.
 */
function gaussColumn(rows: usize, out: usize, from: usize, width: i32, r: i32, w: usize): void {
  const w0 = v128.load(w);
  const centre = load<usize>(rows + <usize>(4 * r));
  for (let x = 0; x < width; x += 8) {
    const o = <usize>(4 * x);
    const p = v128.load(centre + o);
    const q = v128.load(centre + o, 16);
    let lo = i16x8.mul(i16x8.extend_low_i8x16_u(p), w0);
    let hi = i16x8.mul(i16x8.extend_high_i8x16_u(p), w0);
    let lo2 = i16x8.mul(i16x8.extend_low_i8x16_u(q), w0);
    let hi2 = i16x8.mul(i16x8.extend_high_i8x16_u(q), w0);
    for (let k = 1; k <= r; k++) {
      const above = load<usize>(rows + <usize>(4 * (r - k))) + o;
      const below = load<usize>(rows + <usize>(4 * (r + k))) + o;
      const wk = v128.load(w + <usize>(16 * k));
      const a = v128.load(above);
      const b = v128.load(below);
      lo = pairLo(lo, a, b, wk);
      hi = pairHi(hi, a, b, wk);
      const a2 = v128.load(above, 16);
      const b2 = v128.load(below, 16);
      lo2 = pairLo(lo2, a2, b2, wk);
      hi2 = pairHi(hi2, a2, b2, wk);
    }
    storeRow(out + o, from + o, round8(lo, hi), width - x);
    if (x + 4 < width) storeRow(out + o + 16, from + o + 16, round8(lo2, hi2), width - x - 4);
  }
}

/** `weights`: r + 1 bytes, w[0..r]. */
export function gaussianBlur(job: Job, weights: usize, r: i32, scratch: usize): void {
  const width = job.width;
  const dstY0 = job.dstY0;
  const dstRows = job.dstRows;
  if (dstRows === 0 || width === 0) return;
  const last = job.imageHeight - 1;
  const w = scratch;
  for (let k = 0; k <= r; k++)
    v128.store(w + <usize>(16 * k), i16x8.splat(<i16>load<u8>(weights + <usize>k)));
  const pad = w + <usize>(16 * (r + 1));
  const ringRows = 2 * r + 1;
  const stride = ringStride(4 * width + 16);
  const ring = pad + <usize>align16(4 * (width + 2 * r) + 32);
  const rows = ring + <usize>(ringRows * stride);
  let filledTo = max(0, dstY0 - r) - 1;
  for (let row = 0; row < dstRows; row++) {
    const y = dstY0 + row;
    const need = min(last, y + r);
    while (filledTo < need) {
      filledTo++;
      padRow(srcRow(job, filledTo), width, r, pad);
      gaussRow(pad, ring + <usize>((filledTo % ringRows) * stride), width, r, w);
    }
    for (let k = -r; k <= r; k++) {
      store<usize>(rows + <usize>(4 * (k + r)), ring + <usize>((clampRow(y + k, last) % ringRows) * stride));
    }
    gaussColumn(rows, dstRow(job, y), srcRow(job, y), width, r, w);
  }
}

// ---------------------------------------------------------------------------------------------------
// Unsharp mask (unsharp.ts): the Gaussian into dst, then each channel through the host's table of
// sharpened values, table[source * 256 + blurred] (64 KiB), alpha left as the blur wrote it (the source's).

export function sharpen(src: usize, dst: usize, bytes: i32, table: usize): void {
  for (let i = 0; i < bytes; i += 4) {
    const s = load<u32>(src + <usize>i);
    const d = load<u32>(dst + <usize>i);
    const r = <u32>load<u8>(table + (((s & 0xff) << 8) | (d & 0xff)));
    const g = <u32>load<u8>(table + ((s & 0xff00) | ((d >> 8) & 0xff)));
    const b = <u32>load<u8>(table + (((s >> 8) & 0xff00) | ((d >> 16) & 0xff)));
    store<u32>(dst + <usize>i, r | (g << 8) | (b << 16) | (d & 0xff000000));
  }
}
