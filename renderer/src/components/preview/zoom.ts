/**
 * The preview's view: how large the image is drawn (`scale`, CSS pixels per image pixel) and where
 * (`x`, `y`: the image's top-left corner in the viewport, CSS pixels). Pure functions, so that the
 * before and after layers get the same numbers and stay aligned at every zoom.
 */
export interface View {
  /** 'fit' follows the viewport's size; 'free' is a zoom the user chose. */
  mode: 'fit' | 'free';
  scale: number;
  x: number;
  y: number;
}

export interface Box {
  width: number;
  height: number;
}

/** The most a preview zooms in: 16 device pixels per image pixel. */
export const MAX_ZOOM = 16;
/** Each button press or +/- key zooms by this factor. */
export const ZOOM_STEP = 1.5;

/** The scale at which one image pixel is one device pixel: "1:1" means the pixels the batch writes. */
export const actualScale = (dpr: number) => 1 / dpr;

export function fitScale(image: Box, viewport: Box): number {
  if (image.width === 0 || image.height === 0 || viewport.width === 0 || viewport.height === 0) return 1;
  return Math.min(viewport.width / image.width, viewport.height / image.height);
}

/** Centres an axis that fits in the viewport; otherwise keeps the image covering it (no empty margin). */
function clampAxis(offset: number, drawn: number, room: number): number {
  if (drawn <= room) return (room - drawn) / 2;
  return Math.min(0, Math.max(room - drawn, offset));
}

/** Puts the image's corner on a device pixel, so that at 1:1 each image pixel is exactly one device pixel. */
const snap = (value: number, dpr: number) => Math.round(value * dpr) / dpr;

export function clampView(view: View, image: Box, viewport: Box, dpr: number): View {
  return {
    ...view,
    x: snap(clampAxis(view.x, image.width * view.scale, viewport.width), dpr),
    y: snap(clampAxis(view.y, image.height * view.scale, viewport.height), dpr),
  };
}

export function fittedView(image: Box, viewport: Box, dpr: number): View {
  return clampView({ mode: 'fit', scale: fitScale(image, viewport), x: 0, y: 0 }, image, viewport, dpr);
}

/** Zooms to `scale` keeping the image point under the viewport point (`px`, `py`) where it is. */
export function zoomTo(
  view: View,
  scale: number,
  image: Box,
  viewport: Box,
  dpr: number,
  px = viewport.width / 2,
  py = viewport.height / 2,
): View {
  const least = Math.min(fitScale(image, viewport), actualScale(dpr));
  const next = Math.min(MAX_ZOOM / dpr, Math.max(least, scale));
  const ix = (px - view.x) / view.scale;
  const iy = (py - view.y) / view.scale;
  return clampView({ mode: 'free', scale: next, x: px - ix * next, y: py - iy * next }, image, viewport, dpr);
}

export function panBy(view: View, dx: number, dy: number, image: Box, viewport: Box, dpr: number): View {
  return clampView({ ...view, x: view.x + dx, y: view.y + dy }, image, viewport, dpr);
}

/** Whether a drag can move the image (it is larger than the viewport on an axis). */
export function canPan(view: View, image: Box, viewport: Box): boolean {
  return image.width * view.scale > viewport.width + 0.5 || image.height * view.scale > viewport.height + 0.5;
}
