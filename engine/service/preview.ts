import sharp from 'sharp';
import type { RenderPreviewResult } from '../../shared/contract';
import type { PipelineStep } from '../../workers/filters/types';
import { decodePreview } from '../images/index';
import type { FilterPool } from '../pool/index';
import type { RawImage } from '../types';
import { ServiceError } from './errors';
import type { MediaStore } from './media-store';

interface CachedBefore {
  maxSize: number;
  image: RawImage;
  key: string;
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;

/**
 * Live previews: the image downscaled once (kept, with its PNG), the pipeline run on the pool,
 * the result as a PNG (lossless, so a pipeline of disabled steps shows exactly the input).
 * A newer request for the same image cancels the older one: its pool work stops through the
 * AbortSignal and its promise rejects with 'cancelled'.
 */
export class PreviewRenderer {
  private readonly before = new Map<string, CachedBefore>();
  private readonly lastAfter = new Map<string, string>();
  private readonly inFlight = new Map<string, AbortController>();

  constructor(
    private readonly media: MediaStore,
    private readonly pool: () => Promise<FilterPool>,
  ) {}

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
    try {
      const started = performance.now();
      const before = await this.beforeImage(imageId, path, maxSize);
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
      const afterKey = this.media.put(await encodePng(after), 'image/png');
      const encodeMs = elapsed(encodeStarted);
      this.media.delete(this.lastAfter.get(imageId));
      this.lastAfter.set(imageId, afterKey);
      return {
        imageId,
        before: before.key,
        after: afterKey,
        width: after.width,
        height: after.height,
        timings: { decodeMs, filterMs, encodeMs, totalMs: elapsed(started) },
        workers: pool.size,
      };
    } finally {
      if (this.inFlight.get(imageId) === controller) this.inFlight.delete(imageId);
    }
  }

  /** Forgets an image's cached previews (it was removed from the list). */
  forget(imageId: string): void {
    this.inFlight.get(imageId)?.abort();
    const before = this.before.get(imageId);
    if (before) this.media.delete(before.key);
    this.media.delete(this.lastAfter.get(imageId));
    this.before.delete(imageId);
    this.lastAfter.delete(imageId);
  }

  cancelAll(): void {
    for (const controller of this.inFlight.values()) controller.abort();
  }

  private async beforeImage(imageId: string, path: string, maxSize: number): Promise<CachedBefore> {
    const cached = this.before.get(imageId);
    // The PNG may have been evicted from the media cache: then make both again.
    if (cached && cached.maxSize === maxSize && this.media.get(cached.key)) return cached;
    if (cached) this.media.delete(cached.key);
    const decoded = await decodePreview(path, maxSize);
    const image: RawImage = { data: decoded.data, width: decoded.width, height: decoded.height };
    const entry = { maxSize, image, key: this.media.put(await encodePng(image), 'image/png') };
    this.before.set(imageId, entry);
    return entry;
  }
}

/** PNG at a low compression level: a preview is made, shown and dropped, so speed beats size. */
function encodePng(image: RawImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
}
