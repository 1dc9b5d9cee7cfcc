import { randomBytes } from 'node:crypto';
import type { MediaKey } from '../../shared/contract';

export interface MediaItem {
  bytes: Buffer;
  mime: string;
}

/**
 * Thumbnails and previews, kept in memory and addressed by unguessable random keys, so a host can
 * serve them (custom protocol, HTTP) without ever mapping a request to a file path. Bounded by
 * total bytes: the least recently used items go first.
 */
export class MediaStore {
  private readonly items = new Map<MediaKey, MediaItem>();
  private totalBytes = 0;

  constructor(private readonly maxBytes: number) {}

  put(bytes: Buffer, mime: string): MediaKey {
    const key = randomBytes(16).toString('hex');
    this.items.set(key, { bytes, mime });
    this.totalBytes += bytes.byteLength;
    this.evict();
    return key;
  }

  /** Looks up a key (and marks it recently used). Keys are validated as hex before any lookup. */
  get(key: string): MediaItem | undefined {
    if (!isMediaKey(key)) return undefined;
    const item = this.items.get(key);
    if (item) {
      this.items.delete(key);
      this.items.set(key, item);
    }
    return item;
  }

  delete(key: MediaKey | null | undefined): void {
    if (!key) return;
    const item = this.items.get(key);
    if (!item) return;
    this.items.delete(key);
    this.totalBytes -= item.bytes.byteLength;
  }

  clear(): void {
    this.items.clear();
    this.totalBytes = 0;
  }

  private evict(): void {
    for (const [key, item] of this.items) {
      // Keep at least the newest item, even when it alone is over the budget.
      if (this.totalBytes <= this.maxBytes || this.items.size <= 1) break;
      this.items.delete(key);
      this.totalBytes -= item.bytes.byteLength;
    }
  }
}

export function isMediaKey(key: string): boolean {
  return /^[0-9a-f]{32}$/.test(key);
}
