import type { RawImage } from '../types';

/** A reproducible RGBA image of noise plus gradients, with varied alpha, for tests. */
export function noiseImage(width: number, height: number, seed = 1): RawImage {
  const data = new Uint8Array(width * height * 4);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < data.length; i++) {
    // xorshift32: cheap and deterministic.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    const pixel = i >> 2;
    const gradient = ((pixel % width) * 7 + Math.floor(pixel / width) * 3) & 255;
    data[i] = (gradient + (state & 63)) & 255;
  }
  return { data, width, height };
}
