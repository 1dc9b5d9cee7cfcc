// AssemblyScript: pixelate and vignette, byte-for-byte their JS kernels (pixelate.ts, vignette.ts).
import { toByte4 } from './color';
import { dstRow, Job, srcRow } from './strip';

// ---------------------------------------------------------------------------------------------------
// Pixelate: each size x size block (aligned to the image's top-left corner, cut at its right and bottom
// edges) becomes floor((sum + n/2) / n) per channel. The JS sums in float64, exactly (integers below
// 2^23); floor((sum + n/2) / n) is floor((2 sum + n) / (2 n)), which integer division gives exactly (the
// float64 quotient, when not whole, is at least 1/(2n) from the next integer and off by far less).

export function pixelateScratch(width: i32, size: i32): i32 {
  return 16 * ((width + size - 1) / size) + 16;
}

export function pixelate(job: Job, size: i32, scratch: usize): void {
  const width = job.width;
  const dstY0 = job.dstY0;
  const dstRows = job.dstRows;
  if (dstRows === 0 || width === 0) return;
  const blocks = (width + size - 1) / size;
  const yEnd = dstY0 + dstRows;
  for (let by = (dstY0 / size) * size; by < yEnd; by += size) {
    const blockRows = min(size, job.imageHeight - by);
    memory.fill(scratch, 0, <usize>(16 * blocks));
    // One i32x4 of R, G, B, A sums per block.
    for (let y = by; y < by + blockRows; y++) {
      const row = srcRow(job, y);
      for (let bx = 0; bx < blocks; bx++) {
        const at = scratch + <usize>(16 * bx);
        let sum = v128.load(at);
        const x1 = min(width, (bx + 1) * size);
        for (let x = bx * size; x < x1; x++) {
          const p = v128.load32_zero(row + <usize>(4 * x));
          sum = i32x4.add(sum, i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(p)));
        }
        v128.store(at, sum);
      }
    }
    for (let bx = 0; bx < blocks; bx++) {
      const at = scratch + <usize>(16 * bx);
      const n = blockRows * min(size, width - bx * size);
      const s = v128.load(at);
      const r = (2 * i32x4.extract_lane(s, 0) + n) / (2 * n);
      const g = (2 * i32x4.extract_lane(s, 1) + n) / (2 * n);
      const b = (2 * i32x4.extract_lane(s, 2) + n) / (2 * n);
      store<u32>(at, <u32>r | ((<u32>g) << 8) | ((<u32>b) << 16));
    }
    const y0 = max(by, dstY0);
    const y1 = min(by + blockRows, yEnd);
    for (let y = y0; y < y1; y++) {
      const out = dstRow(job, y);
      const from = srcRow(job, y);
      for (let bx = 0; bx < blocks; bx++) {
        const colour = load<u32>(scratch + <usize>(16 * bx));
        const x1 = min(width, (bx + 1) * size);
        for (let x = bx * size; x < x1; x++) {
          const o = <usize>(4 * x);
          store<u32>(out + o, colour | (load<u32>(from + o) & 0xff000000));
        }
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Vignette: per pixel, in float64 lanes with the JS operations in the JS order: dist = sqrt(dx2[x] + dy2),
// t = min(1, (dist - inner) / (1 - inner)), gain = 1 - strength * t * t * (3 - 2 t) where dist > inner
// (else 1), each channel toByte(c * gain). sqrt, +, -, *, / and min are IEEE-exact in both.

export function vignetteScratch(width: i32): i32 {
  return 8 * width + 16;
}

/** The gains of two pixels from their distances to the centre, dist = sqrt(dx2 + dy2) (f64x2). */
function gain2(dist: v128, inner: v128, span: v128, strength: v128): v128 {
  const one = f64x2.splat(1);
  const t = f64x2.min(one, f64x2.div(f64x2.sub(dist, inner), span));
  const shade = f64x2.mul(
    f64x2.mul(f64x2.mul(strength, t), t),
    f64x2.sub(f64x2.splat(3), f64x2.mul(f64x2.splat(2), t)),
  );
  return v128.bitselect(f64x2.sub(one, shade), one, f64x2.gt(dist, inner));
}

/** toByte(c * gain) of one pixel's 4 channels (i32x4), gain in both lanes of `g`. */
function shade4(c: v128, g: v128): v128 {
  const lo = f64x2.mul(f64x2.convert_low_i32x4_s(c), g);
  const hi = f64x2.mul(f64x2.convert_low_i32x4_s(i32x4.shuffle(c, c, 2, 3, 2, 3)), g);
  return toByte4(lo, hi);
}

export function vignette(job: Job, strength: f64, inner: f64, scratch: usize): void {
  const width = job.width;
  const rows = job.dstRows;
  if (rows === 0 || width === 0) return;
  const halfW = <f64>width / 2;
  const halfH = <f64>job.imageHeight / 2;
  for (let x = 0; x < width; x++) {
    const u = (<f64>x + 0.5 - halfW) / halfW;
    store<f64>(scratch + <usize>(8 * x), (u * u) / 2);
  }
  const vInner = f64x2.splat(inner);
  const vSpan = f64x2.splat(1 - inner);
  const vStrength = f64x2.splat(strength);
  for (let row = 0; row < rows; row++) {
    const y = job.dstY0 + row;
    const v = (<f64>y + 0.5 - halfH) / halfH;
    const dy2 = f64x2.splat((v * v) / 2);
    const from = srcRow(job, y);
    const out = dstRow(job, y);
    let x = 0;
    for (; x + 2 <= width; x += 2) {
      const o = <usize>(4 * x);
      const dist = f64x2.sqrt(f64x2.add(v128.load(scratch + <usize>(8 * x)), dy2));
      // Inside the clear area (dist <= inner for both pixels) the gain is 1 and toByte(c * 1) is c.
      if (!v128.any_true(f64x2.gt(dist, vInner))) {
        store<u64>(out + o, load<u64>(from + o));
        continue;
      }
      const g = gain2(dist, vInner, vSpan, vStrength);
      const p = v128.load64_zero(from + o);
      const c = i16x8.extend_low_i8x16_u(p);
      const a = shade4(i32x4.extend_low_i16x8_u(c), f64x2.shuffle(g, g, 0, 0));
      const b = shade4(i32x4.extend_high_i16x8_u(c), f64x2.shuffle(g, g, 1, 1));
      const bytes = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(a, b), i16x8.splat(0));
      v128.store64_lane(out + o, v128.bitselect(p, bytes, i32x4.splat(0xff000000)), 0);
    }
    if (x < width) {
      const dist = f64x2.sqrt(f64x2.add(f64x2.splat(load<f64>(scratch + <usize>(8 * x))), dy2));
      const g = gain2(dist, vInner, vSpan, vStrength);
      const o = <usize>(4 * x);
      const p = v128.load32_zero(from + o);
      const a = shade4(i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(p)), g);
      const bytes = i8x16.narrow_i16x8_u(i16x8.narrow_i32x4_s(a, a), i16x8.splat(0));
      v128.store32_lane(out + o, v128.bitselect(p, bytes, i32x4.splat(0xff000000)), 0);
    }
  }
}
