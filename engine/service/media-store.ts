import { randomBytes } from 'node:crypto';
import type { MediaKey } from '../../shared/contract';
import type { RawImage } from '../types';

export interface MediaItem {
  bytes: Buffer;
  mime: string;
}

interface Entry {
  /** Encoded bytes a host may serve, or decoded pixels the service keeps for itself. */
  value: { kind: 'media'; item: MediaItem } | { kind: 'pixels'; image: RawImage };
  bytes: number;
  /** Thumbnails: the image grid shows them all at once, so they go only when nothing else is left. */
  lasting: boolean;
}

/** Keys of kept pixels: never a media key, so a host can never serve raw pixels. */
const PIXELS_PREFIX = 'pixels-';

/**
 * Everything the service keeps in memory for the UI — thumbnails, preview PNGs and the decoded
 * pixels previews start from — in one cache bounded by total bytes, least recently used first. One
 * budget because any item left outside it grows without bound: the decoded preview inputs (about
 * 20 MB each at 4096 px) once took a web host from 272 MB to 4.6 GB. Media are addressed by
 * unguessable random keys, so a host can serve them (custom protocol, HTTP) without ever mapping a
 * request to a file path.
 */
export class MediaStore {
  private readonly entries = new Map<string, Entry>();
  private totalBytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** Bytes held now (media and pixels). */
  get usedBytes(): number {
    return this.totalBytes;
  }

  /** Keeps encoded bytes; `lasting` marks thumbnails, evicted only after everything else. */
  put(bytes: Buffer, mime: string, { lasting = false }: { lasting?: boolean } = {}): MediaKey {
    const key = randomBytes(16).toString('hex');
    this.insert(key, { value: { kind: 'media', item: { bytes, mime } }, bytes: bytes.byteLength, lasting });
    return key;
  }

  /** Keeps decoded pixels under the same budget; the key is the service's own, never served. */
  keepPixels(image: RawImage): string {
    const key = `${PIXELS_PREFIX}${randomBytes(16).toString('hex')}`;
    this.insert(key, { value: { kind: 'pixels', image }, bytes: image.data.byteLength, lasting: false });
    return key;
  }

  /** Looks up a media key (and marks it recently used). Keys are validated as hex before any lookup. */
  get(key: string): MediaItem | undefined {
    if (!isMediaKey(key)) return undefined;
    const entry = this.touch(key);
    return entry?.value.kind === 'media' ? entry.value.item : undefined;
  }

  /** Kept pixels by their key (marked recently used), or undefined once evicted. */
  pixels(key: string): RawImage | undefined {
    if (!key.startsWith(PIXELS_PREFIX)) return undefined;
    const entry = this.touch(key);
    return entry?.value.kind === 'pixels' ? entry.value.image : undefined;
  }

  delete(key: string | null | undefined): void {
    if (!key) return;
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.totalBytes -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.totalBytes = 0;
  }

  private insert(key: string, entry: Entry): void {
    this.entries.set(key, entry);
    this.totalBytes += entry.bytes;
    this.evict(key);
  }

  private touch(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** Least recently used first, thumbnails last; the item just added stays even alone over budget. */
  private evict(newest: string): void {
    for (const lasting of [false, true]) {
      for (const [key, entry] of this.entries) {
        if (this.totalBytes <= this.maxBytes) return;
        if (entry.lasting === lasting && key !== newest) this.delete(key);
      }
    }
  }
}

export function isMediaKey(key: string): boolean {
  return /^[0-9a-f]{32}$/.test(key);
}
