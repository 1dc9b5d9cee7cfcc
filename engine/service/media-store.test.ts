import { describe, expect, it } from 'vitest';
import { isMediaKey, MediaStore } from './media-store';

const bytes = (n: number) => Buffer.alloc(n, 1);
const pixels = (n: number) => ({ data: new Uint8Array(n), width: n / 4, height: 1 });

describe('MediaStore', () => {
  it('evicts the least recently used first, thumbnails only when nothing else is left', () => {
    const store = new MediaStore(300);
    const thumb = store.put(bytes(100), 'image/webp', { lasting: true });
    const a = store.put(bytes(100), 'image/png');
    const b = store.keepPixels(pixels(100));
    store.get(a); // a is now more recent than b
    const c = store.put(bytes(100), 'image/png');
    expect(store.pixels(b)).toBeUndefined();
    expect(store.get(thumb)).toBeDefined();
    expect(store.get(a)).toBeDefined();
    expect(store.get(c)).toBeDefined();
    expect(store.usedBytes).toBe(300);
    const d = store.put(bytes(250), 'image/png');
    // Everything else went first; then the thumbnail, since d alone is over what is left.
    expect([store.get(a), store.get(c), store.get(thumb)]).toEqual([undefined, undefined, undefined]);
    expect(store.get(d)?.bytes.byteLength).toBe(250);
    expect(store.usedBytes).toBe(250);
  });

  it('keeps the newest item even when it alone is over the budget', () => {
    const store = new MediaStore(10);
    const big = store.keepPixels(pixels(64));
    expect(store.pixels(big)?.data.byteLength).toBe(64);
    expect(store.usedBytes).toBe(64);
  });

  it('never serves kept pixels as media, and never returns media as pixels', () => {
    const store = new MediaStore(1000);
    const px = store.keepPixels(pixels(8));
    const media = store.put(bytes(8), 'image/png');
    expect(isMediaKey(px)).toBe(false);
    expect(store.get(px)).toBeUndefined();
    expect(store.pixels(media)).toBeUndefined();
    expect(isMediaKey(media)).toBe(true);
  });

  it('frees the bytes of deleted and cleared items', () => {
    const store = new MediaStore(1000);
    const a = store.put(bytes(10), 'image/png');
    store.keepPixels(pixels(20));
    store.delete(a);
    store.delete(a);
    store.delete(null);
    expect(store.usedBytes).toBe(20);
    store.clear();
    expect(store.usedBytes).toBe(0);
  });
});
