// AssemblyScript: the entry of the WebAssembly kernels (scripts/build-wasm.mjs compiles this file and
// what it imports into out/main/workers/kernels.wasm; workers/wasm-kernels.ts loads it).
//
// No allocator and no garbage collector: the host lays out strips and scratch in the imported memory
// above `heapBase()` and passes byte addresses. Every kernel is byte-for-byte its JS kernel in
// workers/filters/, which stays the reference (workers/wasm-kernels.test.ts compares them).

export { boxBlur, boxScratch, gaussianBlur, gaussianScratch, sharpen } from './blur';
export { applyLut, grayscale, invert, saturation, sepia, threshold } from './color';
export { emboss, sobel, sobelScratch } from './edge';
export { median, medianScratch } from './median';
export { pixelate, pixelateScratch, vignette, vignetteScratch } from './stylize';

/** The first byte the host may use: static data ends below it. */
export function heapBase(): usize {
  return __heap_base;
}
