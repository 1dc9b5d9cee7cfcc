/**
 * Which kernels run the filters: the JS reference ones or the WebAssembly SIMD ones compiled from
 * workers/wasm/ (docs/wasm-kernels.md). Both write the same bytes; only the speed differs. Pure data,
 * no imports, because the renderer bundles it.
 */
export const KERNEL_CHOICES = ['js', 'wasm'] as const;
export type KernelChoice = (typeof KERNEL_CHOICES)[number];

/**
 * WebAssembly: it ran faster than the JS kernels for every filter, 1.7x (brightness-contrast) to 9x
 * (box blur, median) on one thread (docs/wasm-kernels.md, "Speed"). Where the engine has no
 * WebAssembly SIMD the JS kernels run instead and the run says why.
 */
export const DEFAULT_KERNELS: KernelChoice = 'wasm';

export const KERNEL_INFO = {
  js: {
    title: 'JavaScript',
    idea: 'The reference kernels, plain TypeScript loops over the RGBA bytes: what every other kernel is checked against.',
  },
  wasm: {
    title: 'WebAssembly SIMD',
    idea: 'The same kernels in AssemblyScript, compiled to WebAssembly with 128-bit SIMD: byte for byte the same output, several times faster.',
  },
} as const satisfies Record<KernelChoice, { title: string; idea: string }>;

/**
 * How a batch spreads its images over the workers. `strips`: each image is cut into strips that every
 * worker takes part in (one image is done soonest); `images`: each worker filters whole images, one
 * at a time (no halo rows computed twice, no hand-over between workers); `auto`: strips, measured the
 * faster and the smaller in memory here, except images too short for a strip per worker, which go whole
 * (engine/batch/filter-stage.ts, runsWhole).
 */
export const SCHEDULES = ['auto', 'strips', 'images'] as const;
export type Schedule = (typeof SCHEDULES)[number];
export const DEFAULT_SCHEDULE: Schedule = 'auto';

export const SCHEDULE_INFO = {
  auto: {
    title: 'Auto',
    idea: 'Strips, measured faster and lighter on memory here; an image too short to share goes whole to one worker.',
  },
  strips: {
    title: 'Strips',
    idea: 'Every image is cut into strips that all workers share: each image is finished soonest.',
  },
  images: {
    title: 'Whole images',
    idea: 'Each worker filters whole images, one at a time: no halo rows computed twice, no hand-over.',
  },
} as const satisfies Record<Schedule, { title: string; idea: string }>;
