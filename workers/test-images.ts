/** Deterministic test images for the kernel tests (not shipped: only *.test.ts import it). */
import type { Strip } from './filters/types';
import { planStrips } from './tiling';

export interface TestImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** mulberry32: a tiny seeded PRNG, so a failing case can be reproduced exactly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random RGBA noise with varied alpha (transparent, opaque and in between). */
export function randomImage(width: number, height: number, seed: number): TestImage {
  const next = prng(seed);
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * 256);
  return { data, width, height };
}

/** A smooth photo-like image (low-frequency waves plus a little noise), opaque. */
export function smoothImage(width: number, height: number, seed: number): TestImage {
  const next = prng(seed);
  const data = new Uint8Array(width * height * 4);
  const phase = [next() * 6, next() * 6, next() * 6];
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i += 4) {
      for (let c = 0; c < 3; c++) {
        const v = 128 + 90 * Math.sin(x / (7 + 3 * c) + phase[c]) * Math.cos(y / (9 + 2 * c) - phase[c]);
        data[i + c] = Math.max(0, Math.min(255, Math.round(v + (next() - 0.5) * 16)));
      }
      data[i + 3] = 255;
    }
  }
  return { data, width, height };
}

export function solidImage(width: number, height: number, rgba: readonly number[]): TestImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(rgba, i);
  return { data, width, height };
}

export function wholeStrip(image: TestImage, data: Uint8Array = image.data): Strip {
  return { data, width: image.width, imageHeight: image.height, y0: 0, rows: image.height };
}

export function pixel(image: TestImage, x: number, y: number): number[] {
  const i = (y * image.width + x) * 4;
  return Array.from(image.data.subarray(i, i + 4));
}

/**
 * Runs `apply` strip by strip, the way the pool does it: each strip of `stripRows` rows gets a private copy
 * of its source rows (core plus `halo`, so a kernel reading outside them would read garbage or throw) and
 * writes a private output, poisoned first. Returns the assembled image.
 */
export function stripwise(
  image: TestImage,
  halo: number,
  stripRows: number,
  apply: (src: Strip, dst: Strip) => void,
): Uint8Array {
  const rowBytes = image.width * 4;
  const out = new Uint8Array(image.data.length);
  for (const plan of planStrips(image.height, stripRows, halo)) {
    const src: Strip = {
      data: image.data.slice(plan.srcY0 * rowBytes, (plan.srcY0 + plan.srcRows) * rowBytes),
      width: image.width,
      imageHeight: image.height,
      y0: plan.srcY0,
      rows: plan.srcRows,
    };
    const dst: Strip = {
      data: new Uint8Array(plan.rows * rowBytes).fill(0x5a),
      width: image.width,
      imageHeight: image.height,
      y0: plan.y0,
      rows: plan.rows,
    };
    apply(src, dst);
    out.set(dst.data, plan.y0 * rowBytes);
  }
  return out;
}
