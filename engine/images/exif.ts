/**
 * Edits an EXIF block (sharp's `metadata().exif`: "Exif\0\0" and a TIFF structure) before it is
 * written to an output, always in the APP1 form ("Exif\0\0" then the TIFF structure): the orientation is set to 1, since the pixels were turned upright when
 * decoded; the embedded thumbnail (IFD1) is dropped, since it shows the photo before the edit; and,
 * when asked, the GPS IFD is removed and its bytes zeroed. Edited in place on a copy, so every other
 * tag keeps its exact bytes. Layout: the TIFF 6.0 specification, section 2, and EXIF 2.32, 4.6.
 */

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');
const TIFF_MAGIC = 42;
const ENTRY_BYTES = 12;
const TAG = { orientation: 0x0112, gpsPointer: 0x8825, thumbnailOffset: 0x0201, thumbnailLength: 0x0202 };
/** Bytes per value of each TIFF field type (1 BYTE … 13 IFD); 0 for types the spec does not define. */
const TYPE_BYTES = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4];

export interface ExifEdit {
  stripGps: boolean;
}

/** A TIFF structure in a buffer, read and written in its own byte order; offsets from its start. */
class Tiff {
  constructor(
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly littleEndian: boolean,
  ) {}

  u16(at: number): number {
    this.check(at, 2);
    const p = this.start + at;
    return this.littleEndian ? this.bytes.readUInt16LE(p) : this.bytes.readUInt16BE(p);
  }

  u32(at: number): number {
    this.check(at, 4);
    const p = this.start + at;
    return this.littleEndian ? this.bytes.readUInt32LE(p) : this.bytes.readUInt32BE(p);
  }

  setU16(at: number, value: number): void {
    this.check(at, 2);
    const p = this.start + at;
    if (this.littleEndian) this.bytes.writeUInt16LE(value, p);
    else this.bytes.writeUInt16BE(value, p);
  }

  setU32(at: number, value: number): void {
    this.check(at, 4);
    const p = this.start + at;
    if (this.littleEndian) this.bytes.writeUInt32LE(value, p);
    else this.bytes.writeUInt32BE(value, p);
  }

  zero(at: number, length: number): void {
    this.check(at, length);
    this.bytes.fill(0, this.start + at, this.start + at + length);
  }

  /** Moves `length` bytes from `from` to `to` (the ranges may overlap). */
  move(from: number, to: number, length: number): void {
    this.check(from, length);
    this.check(to, length);
    this.bytes.copy(this.bytes, this.start + to, this.start + from, this.start + from + length);
  }

  private check(at: number, length: number): void {
    if (at < 0 || length < 0 || this.start + at + length > this.bytes.length) {
      throw new RangeError(`EXIF offset ${at} (+${length}) is past the end of the block`);
    }
  }
}

interface Entry {
  /** Offset of the 12-byte entry. */
  at: number;
  tag: number;
  /** Offset of the value: inside the entry when it fits in 4 bytes, else where the entry points. */
  valueAt: number;
  valueBytes: number;
}

function entriesOf(tiff: Tiff, ifd: number): Entry[] {
  const count = tiff.u16(ifd);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const at = ifd + 2 + i * ENTRY_BYTES;
    const type = tiff.u16(at + 2);
    const valueBytes = (TYPE_BYTES[type] ?? 0) * tiff.u32(at + 4);
    entries.push({ at, tag: tiff.u16(at), valueAt: valueBytes > 4 ? tiff.u32(at + 8) : at + 8, valueBytes });
  }
  return entries;
}

/** Offset of the "next IFD" pointer that ends an IFD. */
function nextPointerAt(tiff: Tiff, ifd: number): number {
  return ifd + 2 + tiff.u16(ifd) * ENTRY_BYTES;
}

/** Zeroes an IFD, the values it points to and (for IFD1) the thumbnail it holds. */
function zeroIfd(tiff: Tiff, ifd: number): void {
  const entries = entriesOf(tiff, ifd);
  const offset = entries.find((e) => e.tag === TAG.thumbnailOffset);
  const length = entries.find((e) => e.tag === TAG.thumbnailLength);
  if (offset && length) tiff.zero(tiff.u32(offset.valueAt), tiff.u32(length.valueAt));
  for (const e of entries) if (e.valueBytes > 4) tiff.zero(e.valueAt, e.valueBytes);
  tiff.zero(ifd, nextPointerAt(tiff, ifd) + 4 - ifd);
}

/** Removes one entry from an IFD: the later entries and the next-IFD pointer move up 12 bytes. */
function removeEntry(tiff: Tiff, ifd: number, entry: Entry): void {
  const end = nextPointerAt(tiff, ifd) + 4;
  const after = entry.at + ENTRY_BYTES;
  tiff.move(after, entry.at, end - after);
  tiff.zero(end - ENTRY_BYTES, ENTRY_BYTES);
  tiff.setU16(ifd, tiff.u16(ifd) - 1);
}

/**
 * The block as it should be written, or undefined when it is not EXIF this module can read (then
 * it is left out rather than copied unread: it might say the old orientation or hold a location).
 */
export function editExif(exif: Buffer, edit: ExifEdit): Buffer | undefined {
  // A JPEG's APP1 block starts "Exif\0\0"; PNG's eXIf chunk (and so sharp's read of it) is the bare TIFF.
  const headed = exif.subarray(0, EXIF_HEADER.length).equals(EXIF_HEADER);
  const out = headed ? Buffer.from(exif) : Buffer.concat([EXIF_HEADER, exif]);
  if (out.length < EXIF_HEADER.length + 8) return undefined;
  const order = out.toString('latin1', 6, 8);
  if (order !== 'II' && order !== 'MM') return undefined;
  const tiff = new Tiff(out, EXIF_HEADER.length, order === 'II');
  try {
    if (tiff.u16(2) !== TIFF_MAGIC) return undefined;
    const ifd0 = tiff.u32(4);
    const entries = entriesOf(tiff, ifd0);
    const orientation = entries.find((e) => e.tag === TAG.orientation);
    if (orientation) tiff.setU16(orientation.valueAt, 1);
    const ifd1 = tiff.u32(nextPointerAt(tiff, ifd0));
    if (ifd1 !== 0) {
      zeroIfd(tiff, ifd1);
      tiff.setU32(nextPointerAt(tiff, ifd0), 0);
    }
    const gps = entries.find((e) => e.tag === TAG.gpsPointer);
    if (edit.stripGps && gps) {
      zeroIfd(tiff, tiff.u32(gps.valueAt));
      removeEntry(tiff, ifd0, gps);
    }
    return out;
  } catch (err) {
    if (err instanceof RangeError) return undefined;
    throw err;
  }
}
