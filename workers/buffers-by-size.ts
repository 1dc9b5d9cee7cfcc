/**
 * Byte buffers reused by size, for contents that leave by structured clone: postMessage copies them
 * synchronously, so the buffer is free again as soon as the call returns, and reusing it spares
 * faulting in fresh pages for every strip (fresh memory costs about as much to touch as to copy).
 * A clone carries the view's whole buffer, so each buffer is exactly the size asked for. Up to four
 * sizes are kept; a fifth starts over.
 */
export class BuffersBySize {
  private readonly bySize = new Map<number, Uint8Array>();

  take(bytes: number): Uint8Array {
    let buffer = this.bySize.get(bytes);
    if (!buffer) {
      if (this.bySize.size >= 4) this.bySize.clear();
      buffer = new Uint8Array(bytes);
      this.bySize.set(bytes, buffer);
    }
    return buffer;
  }
}
