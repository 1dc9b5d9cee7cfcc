/** Decoded pixels as the engine passes them around: always RGBA, 4 bytes per pixel, no row padding. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Pixels and the memory they sit in (a pool's shared memory, or their own): release() gives it back (idempotent). */
export interface HeldPixels {
  image: RawImage;
  release(): void;
}
