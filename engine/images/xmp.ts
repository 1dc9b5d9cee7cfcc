/**
 * Edits an XMP packet before it is written to an output, as engine/images/exif.ts does the EXIF
 * block: `tiff:Orientation` becomes 1 (the pixels are upright; a viewer that reads XMP would turn
 * them again) and, when asked, every `exif:GPS…` property goes. XMP writes a simple property either
 * as an attribute (`exif:GPSLatitude="51,30.0N"`) or as an element; both forms are handled, so
 * the rest of the packet keeps its exact text.
 */
export interface XmpEdit {
  stripGps: boolean;
}

const ORIENTATION_ATTRIBUTE = /(\btiff:Orientation\s*=\s*)(["'])\d+\2/g;
const ORIENTATION_ELEMENT = /(<tiff:Orientation>)\s*\d+\s*(<\/tiff:Orientation>)/g;
const GPS_ATTRIBUTE = /\s+exif:GPS\w+\s*=\s*(["'])[^"']*\1/g;
/** An element and everything in it (GPS values may be rdf:Seq lists); GPS elements do not nest. */
const GPS_ELEMENT = /\s*<exif:(GPS\w+)\b[^>]*\/>|\s*<exif:(GPS\w+)\b[^>]*>[\s\S]*?<\/exif:\2>/g;

export function editXmp(xmp: string, edit: XmpEdit): string {
  let out = xmp.replace(ORIENTATION_ATTRIBUTE, '$1$21$2').replace(ORIENTATION_ELEMENT, '$11$2');
  if (edit.stripGps) out = out.replace(GPS_ATTRIBUTE, '').replace(GPS_ELEMENT, '');
  return out;
}

/** True when the packet still names a GPS property (what the tests and --strip-gps check). */
export function xmpHasGps(xmp: string): boolean {
  return /\bexif:GPS\w+/.test(xmp);
}
