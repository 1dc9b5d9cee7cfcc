// AssemblyScript: what every neighbourhood kernel shares.
//
// A neighbourhood kernel gets a Job (the address of its strips, which the host writes), its parameters,
// and a `scratch` area the host sized with the kernel's `*Scratch` function. As in
// workers/filters/types.ts, rows are clamped at the true image edge (0 and imageHeight - 1) only: the
// host has checked that src holds every row the kernel reads.

/** The strips of one kernel call: 7 x 32 bits at the address the host passes (`putJob`, wasm-kernels.ts). */
@unmanaged
export class Job {
  /** Byte address of image row srcY0 (rows packed, 4 bytes a pixel). */
  src: usize;
  srcY0: i32;
  /** Byte address of image row dstY0; the kernel writes rows [dstY0, dstY0 + dstRows). */
  dst: usize;
  dstY0: i32;
  dstRows: i32;
  width: i32;
  imageHeight: i32;
}

/** Byte address of image row `y` in the job's source (which holds it). */
export function srcRow(job: Job, y: i32): usize {
  return job.src + <usize>((y - job.srcY0) * job.width * 4);
}

/** Byte address of image row `y` in the job's destination. */
export function dstRow(job: Job, y: i32): usize {
  return job.dst + <usize>((y - job.dstY0) * job.width * 4);
}

export function clampRow(y: i32, last: i32): i32 {
  return y < 0 ? 0 : y > last ? last : y;
}

/** Rounds up to a multiple of 16 bytes. */
export function align16(bytes: i32): i32 {
  return (bytes + 15) & ~15;
}

/**
 * A ring row stride in bytes: at least `bytes` plus 16 of slack (whole-vector writes past a row's end),
 * and an odd number of 64-byte cache lines, so that rows read together do not all map to the same L1 sets
 * (gaussian-kernel.ts measured 20% at widths whose rows are multiples of 4 KiB).
 */
export function ringStride(bytes: i32): i32 {
  const lines = (bytes + 16 + 63) >> 6;
  return ((lines & 1) === 0 ? lines + 1 : lines) << 6;
}

/** Copies row `row` (width pixels) to `pad + 4 * r` and repeats its edge pixels r times on each side. */
export function padRow(row: usize, width: i32, r: i32, pad: usize): void {
  memory.copy(pad + <usize>(4 * r), row, <usize>(4 * width));
  const left = load<u32>(row);
  const right = load<u32>(row + <usize>(4 * (width - 1)));
  for (let k = 0; k < r; k++) {
    store<u32>(pad + <usize>(4 * k), left);
    store<u32>(pad + <usize>(4 * (r + width + k)), right);
  }
}

/** The alpha bytes of `from` put into `v` (the kernels copy alpha from the source). */
export function withAlpha(v: v128, from: v128): v128 {
  return v128.bitselect(from, v, i32x4.splat(0xff000000));
}

/** Stores min(n, 4) pixels of `v` at `at`, with the alpha of the source pixels at `from` (n >= 1). */
export function storeRow(at: usize, from: usize, v: v128, n: i32): void {
  if (n >= 4) {
    v128.store(at, withAlpha(v, v128.load(from)));
    return;
  }
  let a = v128.load32_zero(from);
  if (n > 1) a = v128.load32_lane(from + 4, a, 1);
  if (n > 2) a = v128.load32_lane(from + 8, a, 2);
  // The last 1..3 pixels of a row: only they are stored, so nothing is written past the row.
  const last = withAlpha(v, a);
  v128.store32_lane(at, last, 0);
  if (n > 1) v128.store32_lane(at, last, 1, 4);
  if (n > 2) v128.store32_lane(at, last, 2, 8);
}
