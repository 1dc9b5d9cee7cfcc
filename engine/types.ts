/** Decoded pixels as the engine passes them around: always RGBA, 4 bytes per pixel, no row padding. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
}
