import sharp from 'sharp';
import type { PreviewOutput, RenderPreviewResult } from '../../shared/contract';
import { OUTPUT_FORMAT_INFO, type OutputFormat } from '../../shared/formats';
import { metadataChoice } from '../../shared/metadata';
import type { PipelineStep } from '../../workers/filters/types';
import { type EditPlan, largestSize, resolveEdit } from '../edit/plan';
import { decodeForEdit, runStages, stagesAfterDecode } from '../edit/run';
import {
  type DecodedImage,
  decodeImage,
  encodeImage,
  type ImageInfo,
  outputFormatFor,
  probeImage,
  readOutputMetadata,
} from '../images/index';
import { imageCostBytes, type MemoryBudget, processMemoryBudget } from '../memory/budget';
import type { FilterPool } from '../pool/index';
import type { HeldPixels, RawImage } from '../types';
import { ServiceError } from './errors';
import type { MediaStore } from './media-store';

/** An image's full-size input: its pixels and its lossless PNG, both in the media cache (either may be evicted). */
interface CachedBefore {
  pixelsKey: string;
  pngKey: string;
  opaque: boolean;
}

/** What a render made for one image and keeps until the next render or forget(). */
interface CachedAfter {
  pngKey: string | null;
  encodedKey: string;
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 10) / 10;

const MIME: Record<OutputFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
};

/** The format a preview encodes to: the one the batch would write this input in (engine/images/formats.ts). */
export function previewFormat(output: PreviewOutput, input: DecodedImage['format']): OutputFormat {
  return outputFormatFor(output.format, input);
}

/**
 * The pipeline as the batch runs it (engine/edit/run.ts): a geometry step first is fused into its own
 * decode, as the batch's decode does, later geometry steps are sharp passes, and each run of filters is
 * the pool call the batch makes (engine/batch/filter-stage.ts). So the preview's pixels are the batch's,
 * and the result may differ in size from the input.
 */
async function runPipeline(
  pool: FilterPool,
  path: string,
  before: RawImage,
  plan: EditPlan,
  signal: AbortSignal,
  label: string,
): Promise<RawImage> {
  const first: HeldPixels =
    plan.stages[0]?.kind === 'geometry'
      ? { image: await decodeForEdit(path, plan, undefined), release: () => {} }
      : // The cached input must survive the run: the transfer transport would detach its buffer.
        {
          image: pool.transport === 'shared' ? before : { ...before, data: before.data.slice() },
          release: () => {},
        };
  const result = await runStages(
    first,
    stagesAfterDecode(plan),
    async (image, stage) => {
      const filtered = await pool.apply(image, stage.steps, { signal, label });
      return { image: filtered.image, release: () => {} };
    },
    label,
    signal,
  );
  return result.image;
}

/**
 * Live previews at full size: the image decoded once (kept, with its PNG), the pipeline run on the
 * pool exactly as the batch runs it, the result as a lossless PNG (what the 1:1 view shows) and
 * encoded with the batch's output settings (its real byte size, and the bytes to show "as encoded").
 * A newer request for the same image cancels the older one: its pool work stops through the
 * AbortSignal and its promise rejects with 'cancelled'. Everything kept lives in the media cache's
 * budget, and nothing a cancelled or forgotten render made is kept.
 */
export class PreviewRenderer {
  private readonly before = new Map<string, CachedBefore>();
  private readonly lastAfter = new Map<string, CachedAfter>();
  private readonly inFlight = new Map<string, AbortController>();

  constructor(
    private readonly media: MediaStore,
    private readonly pool: () => Promise<FilterPool>,
    private readonly memory: MemoryBudget = processMemoryBudget(),
  ) {}

  /** Waits for room in the memory budget for a full-size preview of `path`; resolves with the release and the file's size. */
  private async admit(
    path: string,
    plan: EditPlan,
    signal: AbortSignal,
  ): Promise<{ release: () => void; info: ImageInfo }> {
    const info = await probeImage(path);
    // Geometry can enlarge the image: the largest it gets is what is held.
    const { width, height } = largestSize(plan, info);
    // A preview larger than the whole budget still runs alone rather than never.
    const cost = Math.min(imageCostBytes(width, height), this.memory.totalBytes);
    return { release: await this.memory.acquire(cost, signal), info };
  }

  async render(
    imageId: string,
    path: string,
    steps: readonly PipelineStep[],
    output: PreviewOutput,
  ): Promise<RenderPreviewResult> {
    const plan = resolveEdit(steps);
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
      const admitted = await this.admit(path, plan, signal);
      release = admitted.release;
      const decodeStarted = performance.now();
      const before = await this.beforeImage(imageId, path, signal);
      const decodeMs = before.cached ? 0 : elapsed(decodeStarted);
      superseded();

      const filterStarted = performance.now();
      let after: RawImage = before.image;
      const pool = await this.pool();
      if (plan.stages.length > 0) {
        try {
          after = await runPipeline(pool, path, before.image, plan, signal, `preview of ${path}`);
        } catch (error) {
          superseded();
          throw error;
        }
      }
      const filterMs = elapsed(filterStarted);
      superseded();

      const format = previewFormat(output, admitted.info.format);
      const lossy = OUTPUT_FORMAT_INFO[format].lossy;
      const encodeStarted = performance.now();
      const metadata = await readOutputMetadata(path, metadataChoice(output));
      const encoding = encodeImage(after, {
        format,
        quality: output.quality,
        opaque: before.opaque,
        label: `preview of ${path}`,
        metadata,
      }).then((bytes) => ({ bytes, ms: elapsed(encodeStarted) }));
      // No step ran: the input's PNG already shows the output's pixels.
      const lossless =
        after === before.image
          ? Promise.resolve({ bytes: null, ms: 0 })
          : encodePng(after, before.opaque).then((bytes) => ({ bytes, ms: elapsed(encodeStarted) }));
      const [encoded, png] = await Promise.all([encoding, lossless]);
      superseded();

      this.dropAfter(imageId);
      const kept: CachedAfter = {
        pngKey: png.bytes ? this.media.put(png.bytes, 'image/png') : null,
        encodedKey: this.media.put(encoded.bytes, MIME[format]),
      };
      this.lastAfter.set(imageId, kept);
      return {
        imageId,
        before: before.pngKey,
        after: kept.pngKey ?? before.pngKey,
        encoded: kept.encodedKey,
        width: after.width,
        height: after.height,
        beforeWidth: before.image.width,
        beforeHeight: before.image.height,
        output: {
          format,
          quality: lossy ? output.quality : null,
          bytes: encoded.bytes.byteLength,
          inputBytes: admitted.info.bytes,
        },
        timings: { decodeMs, filterMs, encodeMs: encoded.ms, losslessMs: png.ms, totalMs: elapsed(started) },
        decodeCached: before.cached,
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
    this.before.delete(imageId);
    this.dropAfter(imageId);
  }

  cancelAll(): void {
    for (const controller of this.inFlight.values()) controller.abort();
  }

  /** Before the next render's media are put, so that the old and the new never fill the cache together. */
  private dropAfter(imageId: string): void {
    const last = this.lastAfter.get(imageId);
    if (!last) return;
    this.media.delete(last.pngKey);
    this.media.delete(last.encodedKey);
    this.lastAfter.delete(imageId);
  }

  private async beforeImage(
    imageId: string,
    path: string,
    signal: AbortSignal,
  ): Promise<{ image: RawImage; pngKey: string; opaque: boolean; cached: boolean }> {
    const cached = this.before.get(imageId);
    if (cached) {
      const image = this.media.pixels(cached.pixelsKey);
      if (image && this.media.get(cached.pngKey))
        return { image, pngKey: cached.pngKey, opaque: cached.opaque, cached: true };
    }
    const decoded = await decodeImage(path);
    const image: RawImage = { data: decoded.data, width: decoded.width, height: decoded.height };
    const png = await encodePng(image, decoded.opaque);
    const result = { image, opaque: decoded.opaque, cached: false };
    // A newer render or forget() came meanwhile: keep nothing (the caller throws 'cancelled').
    if (signal.aborted) return { ...result, pngKey: '' };
    if (cached) {
      this.media.delete(cached.pixelsKey);
      this.media.delete(cached.pngKey);
    }
    const entry = {
      pixelsKey: this.media.keepPixels(image),
      pngKey: this.media.put(png, 'image/png'),
      opaque: decoded.opaque,
    };
    this.before.set(imageId, entry);
    return { ...result, pngKey: entry.pngKey };
  }
}

/**
 * Lossless PNG at compression level 1, without alpha when the input had none (as the batch writes it).
 * PNG, not lossless WebP: on a 20 MP image (5472x3648) PNG level 1 took about 1.0 s and 60 MB, WebP
 * lossless at effort 0 about 14 s and 18 MB (docs/preview.md). A preview is made, shown and dropped.
 */
function encodePng(image: RawImage, opaque: boolean): Promise<Buffer> {
  const input = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } });
  return (opaque ? input.removeAlpha() : input).png({ compressionLevel: 1 }).toBuffer();
}
