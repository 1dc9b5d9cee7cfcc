// AssemblyScript: the median (median.ts), byte-for-byte: any exact median of the clamped window is the
// same byte, whatever the algorithm. Radius 1 and 2 use min/max networks on 16 channels at once (4 pixels,
// alpha computed and discarded), proven by scripts/median-networks.mjs; larger radii a scalar port of the
// JS kernel's sliding histogram.
import { medianOfColumns3, medianOfColumns5, sortColumn3, sortColumn5 } from './median-networks';
import { clampRow, dstRow, Job, padRow, ringStride, srcRow, storeRow } from './strip';

export function medianScratch(width: i32, r: i32): i32 {
  if (r > 2) return 4 * 256 * 3 + 4 * (2 * r + 1);
  const side = 2 * r + 1;
  const stride = ringStride(4 * (width + 2 * r) + 16);
  // side padded source rows, side planes of sorted columns.
  return 2 * side * stride + 16;
}

export function median(job: Job, r: i32, scratch: usize): void {
  const width = job.width;
  const dstY0 = job.dstY0;
  const dstRows = job.dstRows;
  if (dstRows === 0 || width === 0) return;
  if (r > 2) {
    medianHistogram(job, r, scratch);
    return;
  }
  const last = job.imageHeight - 1;
  const side = 2 * r + 1;
  const stride = ringStride(4 * (width + 2 * r) + 16);
  const ring = scratch;
  const planes = ring + <usize>(side * stride);
  const paddedWidth = width + 2 * r;
  let filledTo = max(0, dstY0 - r) - 1;
  for (let row = 0; row < dstRows; row++) {
    const y = dstY0 + row;
    const need = min(last, y + r);
    while (filledTo < need) {
      filledTo++;
      padRow(srcRow(job, filledTo), width, r, ring + <usize>((filledTo % side) * stride));
    }
    const p0 = ring + <usize>((clampRow(y - r, last) % side) * stride);
    const p1 = ring + <usize>((clampRow(y - r + 1, last) % side) * stride);
    const p2 = ring + <usize>((clampRow(y - r + 2, last) % side) * stride);
    // Sort every (padded) column of the window once: the side output pixels that share it read it back.
    if (r === 1) {
      for (let x = 0; x < paddedWidth; x += 4) sortColumn3(p0, p1, p2, <usize>(4 * x), planes, stride);
    } else {
      const p3 = ring + <usize>((clampRow(y + 1, last) % side) * stride);
      const p4 = ring + <usize>((clampRow(y + 2, last) % side) * stride);
      for (let x = 0; x < paddedWidth; x += 4)
        sortColumn5(p0, p1, p2, p3, p4, <usize>(4 * x), planes, stride);
    }
    const out = dstRow(job, y);
    const from = srcRow(job, y);
    for (let x = 0; x < width; x += 4) {
      // Output pixel x reads the padded columns x .. x + 2r.
      const o = <usize>(4 * x);
      const v = r === 1 ? medianOfColumns3(planes + o, stride) : medianOfColumns5(planes + o, stride);
      storeRow(out + o, from + o, v, width - x);
    }
  }
}

/** Huang's sliding histogram, as median.ts: one histogram per channel, the median pointer moved, not rescanned. */
function medianHistogram(job: Job, r: i32, scratch: usize): void {
  const width = job.width;
  const dstY0 = job.dstY0;
  const last = job.imageHeight - 1;
  const lastX = width - 1;
  const side = 2 * r + 1;
  const rank = (side * side - 1) >> 1;
  const histR = scratch;
  const histG = histR + 1024;
  const histB = histG + 1024;
  const rowsAt = histB + 1024;
  for (let row = 0; row < job.dstRows; row++) {
    const y = dstY0 + row;
    for (let k = -r; k <= r; k++) {
      store<usize>(rowsAt + <usize>(4 * (k + r)), srcRow(job, clampRow(y + k, last)));
    }
    memory.fill(histR, 0, 3 * 1024);
    for (let dy = 0; dy < side; dy++) {
      const base = load<usize>(rowsAt + <usize>(4 * dy));
      for (let k = -r; k <= r; k++) {
        const i = base + <usize>(4 * min(lastX, max(0, k)));
        bump(histR, load<u8>(i), 1);
        bump(histG, load<u8>(i, 1), 1);
        bump(histB, load<u8>(i, 2), 1);
      }
    }
    let mR = 0;
    let mG = 0;
    let mB = 0;
    let ltR = 0;
    let ltG = 0;
    let ltB = 0;
    const out = dstRow(job, y);
    const from = srcRow(job, y);
    for (let x = 0; x < width; x++) {
      if (x > 0) {
        const leave = <usize>(4 * max(0, x - r - 1));
        const enter = <usize>(4 * min(lastX, x + r));
        for (let dy = 0; dy < side; dy++) {
          const base = load<usize>(rowsAt + <usize>(4 * dy));
          const oR = <i32>load<u8>(base + leave);
          const nR = <i32>load<u8>(base + enter);
          bump(histR, oR, -1);
          bump(histR, nR, 1);
          ltR += (nR < mR ? 1 : 0) - (oR < mR ? 1 : 0);
          const oG = <i32>load<u8>(base + leave, 1);
          const nG = <i32>load<u8>(base + enter, 1);
          bump(histG, oG, -1);
          bump(histG, nG, 1);
          ltG += (nG < mG ? 1 : 0) - (oG < mG ? 1 : 0);
          const oB = <i32>load<u8>(base + leave, 2);
          const nB = <i32>load<u8>(base + enter, 2);
          bump(histB, oB, -1);
          bump(histB, nB, 1);
          ltB += (nB < mB ? 1 : 0) - (oB < mB ? 1 : 0);
        }
      }
      while (ltR > rank) ltR -= count(histR, --mR);
      while (ltR + count(histR, mR) <= rank) ltR += count(histR, mR++);
      while (ltG > rank) ltG -= count(histG, --mG);
      while (ltG + count(histG, mG) <= rank) ltG += count(histG, mG++);
      while (ltB > rank) ltB -= count(histB, --mB);
      while (ltB + count(histB, mB) <= rank) ltB += count(histB, mB++);
      const at = <usize>(4 * x);
      store<u32>(
        out + at,
        <u32>mR | ((<u32>mG) << 8) | ((<u32>mB) << 16) | (load<u32>(from + at) & 0xff000000),
      );
    }
  }
}

function count(hist: usize, v: i32): i32 {
  return load<i32>(hist + <usize>(v << 2));
}

function bump(hist: usize, v: i32, by: i32): void {
  const at = hist + <usize>(v << 2);
  store<i32>(at, load<i32>(at) + by);
}
