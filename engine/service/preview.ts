import sharp from 'sharp';
import type { RenderPreviewResult } from '../../shared/contract';
import type { PipelineStep } from '../../workers/filters/types';
import { decodePreview, probeImage } from '../images/index';
import { imageCostBytes, type MemoryBudget, processMemoryBudget } from '../memory/budget';
import type { FilterPool } from '../pool/index';
import type { RawImage } from '../types';
import { ServiceError } from './errors';
import type { MediaStore } from './media-store';

/** An image's downscaled input: its pixels and its PNG, both in the media cache (either may be evicted). */
interface CachedBefore {
  maxSize: number;
  pixelsKey: string;
  pngKey: string;
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;

/**
 * Live previews: the image downscaled once (kept, with its PNG), the pipeline run on the pool,
 * the result as a PNG (lossless, so a pipeline of disabled steps shows exactly the input).
 * A newer request for the same image cancels the older one: its pool work stops through the
 * AbortSignal and its promise rejects with 'cancelled'. Everything kept lives in the media cache's
 * budget, and nothing a cancelled or forgotten render made is kept.
 */
export class PreviewRenderer {
  private readonly before = new Map<string, CachedBefore>();
  private readonly lastAfter = new Map<string, string>();
  private readonly inFlight = new Map<string, AbortController>();

  constructor(
    private readonly media: MediaStore,
    private readonly pool: () => Promise<FilterPool>,
    private readonly memory: MemoryBudget = processMemoryBudget(),
  ) {}

  /** Waits for room in the memory budget for a preview of `path` at `maxSize`; resolves with the release. */
  private async admit(path: string, maxSize: number, signal: AbortSignal): Promise<() => void> {
    const { width, height } = await probeImage(path);
    const scale = Math.min(1, maxSize / Math.max(width, height));
    const cost = imageCostBytes(Math.ceil(width * scale), Math.ceil(height * scale));
    // A preview larger than the whole budget still runs alone rather than never.
    return this.memory.acquire(Math.min(cost, this.memory.totalBytes), signal);
  }

  async render(
    imageId: string,
    path: string,
    steps: readonly PipelineStep[],
    activeSteps: number,
    maxSize: number,
  ): Promise<RenderPreviewResult> {
    this.inFlight.get(imageId)?.abort();
    const controller = new AbortController();
    this.inFlight.set(imageId, controller);
    const { signal } = controller;
    const superseded = () => {
      if (signal.aborted)
        throw new ServiceError('cancelled', 'A newer preview of this image replaced this one');
    };
    let release: (() => void) | undefined;
    try {
      const started = performance.now();
      // Previews draw from the same memory budget as batches: hundreds at once cannot take the host down.
      release = await this.admit(path, maxSize, signal);
      const before = await this.beforeImage(imageId, path, maxSize, signal);
      const decodeMs = elapsed(started);
      superseded();

      const filterStarted = performance.now();
      let after: RawImage = before.image;
      const pool = await this.pool();
      if (activeSteps > 0) {
        // The cached input must survive the run: the transfer transport would detach its buffer.
        const input =
          pool.transport === 'shared' ? before.image : { ...before.image, data: before.image.data.slice() };
        try {
          after = (await pool.apply(input, steps, { signal, label: `preview of ${path}` })).image;
        } catch (error) {
          superseded();
          throw error;
        }
      }
      const filterMs = elapsed(filterStarted);
      superseded();

      const encodeStarted = performance.now();
      const png = await encodePng(after);
      const encodeMs = elapsed(encodeStarted);
      superseded();
      const afterKey = this.media.put(png, 'image/png');
      this.media.delete(this.lastAfter.get(imageId));
      this.lastAfter.set(imageId, afterKey);
      return {
        imageId,
        before: before.pngKey,
        after: afterKey,
        width: after.width,
        height: after.height,
        timings: { decodeMs, filterMs, encodeMs, totalMs: elapsed(started) },
        workers: pool.size,
      };
    } finally {
      release?.();
      if (this.inFlight.get(imageId) === controller) this.inFlight.delete(imageId);
    }
  }

  /** Forgets an image's cached previews (it was removed from the list). */
  forget(imageId: string): void {
    this.inFlight.get(imageId)?.abort();
    const before = this.before.get(imageId);
    if (before) {
      this.media.delete(before.pixelsKey);
      this.media.delete(before.pngKey);
    }
    this.media.delete(this.lastAfter.get(imageId));
    this.before.delete(imageId);
    this.lastAfter.delete(imageId);
  }

  cancelAll(): void {
    for (const controller of this.inFlight.values()) controller.abort();
  }

  private async beforeImage(
    imageId: string,
    path: string,
    maxSize: number,
    signal: AbortSignal,
  ): Promise<{ image: RawImage; pngKey: string }> {
    const cached = this.before.get(imageId);
    if (cached && cached.maxSize === maxSize) {
      const image = this.media.pixels(cached.pixelsKey);
      if (image && this.media.get(cached.pngKey)) return { image, pngKey: cached.pngKey };
    }
    const decoded = await decodePreview(path, maxSize);
    const image: RawImage = { data: decoded.data, width: decoded.width, height: decoded.height };
    const png = await encodePng(image);
    // A newer render or forget() came meanwhile: keep nothing (the caller throws 'cancelled').
    if (signal.aborted) return { image, pngKey: '' };
    if (cached) {
      this.media.delete(cached.pixelsKey);
      this.media.delete(cached.pngKey);
    }
    const entry = {
      maxSize,
      pixelsKey: this.media.keepPixels(image),
      pngKey: this.media.put(png, 'image/png'),
    };
    this.before.set(imageId, entry);
    return { image, pngKey: entry.pngKey };
  }
}

/** PNG at a low compression level: a preview is made, shown and dropped, so speed beats size. */
function encodePng(image: RawImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}
