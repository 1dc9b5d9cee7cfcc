import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../pipeline';
import { pixel, randomImage, smoothImage, solidImage, type TestImage, wholeStrip } from '../test-images';
import { compilePasses, gaussianBlurStrip, gaussianKernel, genericPasses } from './gaussian-kernel';
import { filters, resolvePipeline } from './index';
import type { Filter, PipelineStep } from './types';

function isFilter(value: unknown): value is Filter {
  const f = value as Partial<Filter> | null;
  return typeof f === 'object' && f !== null && typeof f.id === 'string' && typeof f.apply === 'function';
}

/** Runs a pipeline on the whole image as one strip. */
function run(image: TestImage, steps: PipelineStep[]): TestImage {
  const out = new Uint8Array(image.data.length);
  runPipeline(resolvePipeline(steps), wholeStrip(image), wholeStrip(image, out));
  return { data: out, width: image.width, height: image.height };
}

function alphaOf(image: TestImage): number[] {
  return Array.from(image.data.filter((_, i) => i % 4 === 3));
}

describe('every filter', () => {
  it.each(filters.map((f) => f.id))('%s preserves alpha and writes every byte', (id) => {
    const image = randomImage(23, 19, 7);
    const steps = resolvePipeline([{ id }]);
    // Run into buffers poisoned with 0x00 and 0xff: a kernel that skipped a byte would leave them different.
    const outs = [0x00, 0xff].map((poison) => {
      const out = new Uint8Array(image.data.length).fill(poison);
      runPipeline(steps, wholeStrip(image), wholeStrip(image, out));
      return out;
    });
    expect(outs[0]).toEqual(outs[1]);
    expect(alphaOf({ ...image, data: outs[0] })).toEqual(alphaOf(image));
    expect(image.data).toEqual(randomImage(23, 19, 7).data);
  });

  it('is registered: every filter a module of this folder exports is in the registry', async () => {
    // Adding a filter is one file plus one entry in index.ts; a forgotten entry fails here, and the
    // tests that walk `filters` pick the new one up by themselves.
    const registered = new Set<unknown>(filters);
    const found: string[] = [];
    const unregistered: string[] = [];
    for (const file of readdirSync(__dirname)) {
      if (!file.endsWith('.ts') || file.endsWith('.test.ts') || file === 'index.ts') continue;
      const exports: Record<string, unknown> = await import(join(__dirname, file));
      for (const [name, value] of Object.entries(exports)) {
        if (!isFilter(value)) continue;
        found.push(value.id);
        if (!registered.has(value)) unregistered.push(`${file}: ${name} (${value.id})`);
      }
    }
    expect(unregistered).toEqual([]);
    expect(found.sort()).toEqual(filters.map((f) => f.id).sort());
  });

  it('has well-formed metadata', () => {
    const ids = new Set<string>();
    for (const f of filters) {
      expect(ids.has(f.id)).toBe(false);
      ids.add(f.id);
      expect(['color', 'blur', 'edge', 'stylize']).toContain(f.category);
      expect(f.label.length).toBeGreaterThan(0);
      expect(f.description.length).toBeGreaterThan(0);
      for (const p of f.params) {
        expect(p.min).toBeLessThanOrEqual(p.default);
        expect(p.default).toBeLessThanOrEqual(p.max);
        expect(p.step).toBeGreaterThan(0);
        if (p.type === 'int') expect(Number.isInteger(p.default) && Number.isInteger(p.min)).toBe(true);
      }
    }
  });
});

describe('colour filters, known values', () => {
  const px = (rgba: number[]) => ({ data: Uint8Array.from(rgba), width: rgba.length / 4, height: 1 });

  it('invert', () => {
    const out = run(px([0, 128, 255, 10, 1, 2, 3, 200]), [{ id: 'invert' }]);
    expect(Array.from(out.data)).toEqual([255, 127, 0, 10, 254, 253, 252, 200]);
  });

  it('grayscale uses Rec. 601 weights', () => {
    const out = run(px([255, 0, 0, 255, 0, 255, 0, 9, 0, 0, 255, 0, 200, 200, 200, 1]), [
      { id: 'grayscale' },
    ]);
    // 0.299, 0.587, 0.114 of 255 in fixed point 77/150/29 of 256.
    expect(Array.from(out.data)).toEqual([
      77, 77, 77, 255, 149, 149, 149, 9, 29, 29, 29, 0, 200, 200, 200, 1,
    ]);
  });

  it('threshold splits at the level (luma >= level is white)', () => {
    const image = px([127, 127, 127, 255, 128, 128, 128, 255, 0, 0, 0, 7]);
    expect(Array.from(run(image, [{ id: 'threshold', params: { level: 128 } }]).data)).toEqual([
      0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 7,
    ]);
    expect(Array.from(run(image, [{ id: 'threshold', params: { level: 0 } }]).data.slice(8, 11))).toEqual([
      255, 255, 255,
    ]);
  });

  it('sepia of white is the clamped matrix row sums; amount 0 is the identity', () => {
    expect(Array.from(run(px([255, 255, 255, 255]), [{ id: 'sepia' }]).data)).toEqual([255, 255, 239, 255]);
    const image = randomImage(5, 4, 3);
    expect(run(image, [{ id: 'sepia', params: { amount: 0 } }]).data).toEqual(image.data);
  });

  it('brightness-contrast: zero is the identity, brightness shifts, contrast -100 flattens to grey', () => {
    const image = randomImage(9, 4, 5);
    expect(run(image, [{ id: 'brightness-contrast', params: { brightness: 0, contrast: 0 } }]).data).toEqual(
      image.data,
    );
    const shifted = run(px([10, 100, 250, 255]), [
      { id: 'brightness-contrast', params: { brightness: 20, contrast: 0 } },
    ]);
    expect(Array.from(shifted.data)).toEqual([61, 151, 255, 255]);
    const flat = run(image, [{ id: 'brightness-contrast', params: { brightness: 0, contrast: -100 } }]);
    for (let i = 0; i < flat.data.length; i += 4) expect(flat.data[i]).toBe(128);
  });

  it('saturation: 1 keeps, 0 gives the luma grey, 2 pushes channels away from it', () => {
    const image = randomImage(8, 3, 11);
    expect(run(image, [{ id: 'saturation', params: { amount: 1 } }]).data).toEqual(image.data);
    expect(run(image, [{ id: 'saturation', params: { amount: 0 } }]).data).toEqual(
      run(image, [{ id: 'grayscale' }]).data,
    );
    // luma(200, 100, 50) = 124: 124 + 2 * 76 -> 255, 124 - 2 * 24 = 76, 124 - 2 * 74 -> 0.
    expect(
      Array.from(run(px([200, 100, 50, 255]), [{ id: 'saturation', params: { amount: 2 } }]).data),
    ).toEqual([255, 76, 0, 255]);
  });
});

describe('blur filters, known values', () => {
  it('box blur and gaussian blur of a constant image are that constant', () => {
    const image = solidImage(17, 11, [37, 150, 230, 99]);
    for (const step of [
      { id: 'box-blur', params: { radius: 4 } },
      { id: 'gaussian-blur', params: { sigma: 3.3 } },
      { id: 'median', params: { radius: 3 } },
    ]) {
      expect(run(image, [step]).data).toEqual(image.data);
    }
  });

  it('box blur is the exact rounded mean of the clamped square', () => {
    const image = randomImage(13, 9, 21);
    const r = 2;
    const out = run(image, [{ id: 'box-blur', params: { radius: r } }]);
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        for (let c = 0; c < 3; c++) {
          let sum = 0;
          for (let dy = -r; dy <= r; dy++) {
            for (let dx = -r; dx <= r; dx++) {
              const yy = Math.min(image.height - 1, Math.max(0, y + dy));
              const xx = Math.min(image.width - 1, Math.max(0, x + dx));
              sum += image.data[(yy * image.width + xx) * 4 + c];
            }
          }
          expect(pixel(out, x, y)[c]).toBe(Math.round(sum / 25));
        }
      }
    }
  });

  it('gaussian kernels are symmetric integer weights summing to 256', () => {
    for (const sigma of [0.5, 1, 2, 3, 7.5, 20]) {
      const { weights, radius } = gaussianKernel(sigma);
      expect(weights.length).toBe(radius + 1);
      expect(weights[0] + 2 * weights.slice(1).reduce((a, b) => a + b, 0)).toBe(256);
      for (let k = 1; k <= radius; k++) expect(weights[k]).toBeLessThanOrEqual(weights[k - 1]);
      expect(radius).toBeGreaterThanOrEqual(Math.floor(2 * sigma));
      expect(radius).toBeLessThanOrEqual(Math.ceil(4 * sigma));
    }
  });

  it('gaussian blur of an impulse is symmetric, peaks at the centre and keeps its mass', () => {
    const size = 31;
    const image = solidImage(size, size, [0, 0, 0, 255]);
    image.data.set([255, 255, 255, 255], (15 * size + 15) * 4);
    const out = run(image, [{ id: 'gaussian-blur', params: { sigma: 2 } }]);
    let sum = 0;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const v = pixel(out, x, y)[0];
        sum += v;
        expect(v).toBe(pixel(out, size - 1 - x, y)[0]);
        expect(v).toBe(pixel(out, x, size - 1 - y)[0]);
        expect(v).toBe(pixel(out, y, x)[0]);
        expect(v).toBeLessThanOrEqual(pixel(out, 15, 15)[0]);
      }
    }
    // Each pass rounds to 8 bits, so the mass is kept only approximately (255 spread over ~100 pixels).
    expect(Math.abs(sum - 255)).toBeLessThan(25);
    expect(pixel(out, 15, 15)[0]).toBeGreaterThan(0);
  });

  it('gaussian blur equals a naive two-pass convolution with the same integer weights', () => {
    const image = randomImage(29, 23, 5);
    for (const sigma of [0.5, 1.7, 4]) {
      const { weights, radius } = gaussianKernel(sigma);
      const { width, height } = image;
      const w = (k: number) => weights[Math.abs(k)];
      const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
      const horizontal = new Int32Array(width * height * 3);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          for (let c = 0; c < 3; c++) {
            let s = 0;
            for (let k = -radius; k <= radius; k++)
              s += w(k) * image.data[(y * width + clamp(x + k, width - 1)) * 4 + c];
            horizontal[(y * width + x) * 3 + c] = (s + 128) >> 8;
          }
        }
      }
      const out = run(image, [{ id: 'gaussian-blur', params: { sigma } }]);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          for (let c = 0; c < 3; c++) {
            let s = 0;
            for (let k = -radius; k <= radius; k++)
              s += w(k) * horizontal[(clamp(y + k, height - 1) * width + x) * 3 + c];
            expect(pixel(out, x, y)[c]).toBe((s + 128) >> 8);
          }
        }
      }
    }
  });

  it('gaussian blur is within a fraction of a level of an exact floating-point Gaussian', () => {
    const exactBlur = (image: TestImage, sigma: number): Float64Array => {
      const { width, height } = image;
      const reach = Math.ceil(5 * sigma);
      const raw = Array.from({ length: 2 * reach + 1 }, (_, i) =>
        Math.exp(-((i - reach) ** 2) / (2 * sigma * sigma)),
      );
      const total = raw.reduce((a, b) => a + b, 0);
      const w = raw.map((v) => v / total);
      const clamp = (v: number, size: number) => Math.min(size - 1, Math.max(0, v));
      const tmp = new Float64Array(width * height * 3);
      const out = new Float64Array(width * height * 3);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          for (let c = 0; c < 3; c++) {
            let s = 0;
            for (let k = -reach; k <= reach; k++)
              s += w[k + reach] * image.data[(y * width + clamp(x + k, width)) * 4 + c];
            tmp[(y * width + x) * 3 + c] = s;
          }
        }
      }
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          for (let c = 0; c < 3; c++) {
            let s = 0;
            for (let k = -reach; k <= reach; k++)
              s += w[k + reach] * tmp[(clamp(y + k, height) * width + x) * 3 + c];
            out[(y * width + x) * 3 + c] = s;
          }
        }
      }
      return out;
    };
    for (const image of [randomImage(48, 40, 6), smoothImage(48, 40, 6)]) {
      for (const sigma of [0.7, 3, 6]) {
        const exact = exactBlur(image, sigma);
        const ours = run(image, [{ id: 'gaussian-blur', params: { sigma } }]);
        let sum = 0;
        let worst = 0;
        for (let i = 0; i < exact.length; i++) {
          const e = Math.abs(ours.data[Math.floor(i / 3) * 4 + (i % 3)] - exact[i]);
          sum += e;
          worst = Math.max(worst, e);
        }
        expect(sum / exact.length).toBeLessThan(0.75);
        expect(worst).toBeLessThan(4);
      }
    }
  });

  it('the generic gaussian passes give the same bytes as the specialised ones', () => {
    const image = randomImage(37, 21, 8);
    for (const sigma of [0.5, 2, 3, 9, 20]) {
      const kernel = gaussianKernel(sigma);
      const compiled = compilePasses(kernel);
      expect(compiled).toBeDefined();
      const a = new Uint8Array(image.data.length);
      const b = new Uint8Array(image.data.length);
      gaussianBlurStrip('test', wholeStrip(image), wholeStrip(image, a), kernel, compiled);
      gaussianBlurStrip('test', wholeStrip(image), wholeStrip(image, b), kernel, genericPasses(kernel));
      expect(a).toEqual(b);
    }
  });

  it('gaussian blur gives the same bytes when src and dst are views not aligned to 4 bytes', () => {
    // The kernel reads and writes 32-bit words; unaligned views take a copying path instead.
    const image = randomImage(19, 13, 12);
    const kernel = gaussianKernel(1.5);
    const aligned = new Uint8Array(image.data.length);
    gaussianBlurStrip('test', wholeStrip(image), wholeStrip(image, aligned), kernel);
    const srcBytes = new Uint8Array(image.data.length + 3);
    srcBytes.set(image.data, 1);
    const dstBytes = new Uint8Array(image.data.length + 5).fill(7);
    const src = srcBytes.subarray(1, 1 + image.data.length);
    const dst = dstBytes.subarray(3, 3 + image.data.length);
    gaussianBlurStrip('test', wholeStrip(image, src), wholeStrip(image, dst), kernel);
    expect(dst).toEqual(aligned);
    expect([...dstBytes.subarray(0, 3), ...dstBytes.subarray(3 + image.data.length)]).toEqual([
      7, 7, 7, 7, 7,
    ]);
  });

  it('gaussian blur is close to sharp (libvips) blur on a smooth image', async () => {
    const image = smoothImage(96, 64, 2);
    for (const sigma of [1, 3]) {
      const ours = run(image, [{ id: 'gaussian-blur', params: { sigma } }]);
      const theirs = await sharp(image.data, {
        raw: { width: image.width, height: image.height, channels: 4 },
      })
        .blur(sigma)
        .raw()
        .toBuffer();
      let diff = 0;
      let n = 0;
      for (let i = 0; i < theirs.length; i++) {
        if (i % 4 === 3) continue;
        diff += Math.abs(theirs[i] - ours.data[i]);
        n++;
      }
      // Different implementations (libvips truncates its mask at 20% of the peak): close, not equal.
      expect(diff / n).toBeLessThan(2);
      // And the blur did something: the image is not left as it was.
      expect(ours.data).not.toEqual(image.data);
    }
  });

  it('median removes salt-and-pepper noise from a flat image', () => {
    const image = solidImage(21, 15, [90, 120, 150, 255]);
    const next = [3, 17, 40, 88, 101, 150, 222, 260, 301];
    for (const p of next) image.data.set(p % 2 ? [255, 255, 255] : [0, 0, 0], p * 4);
    const out = run(image, [{ id: 'median', params: { radius: 1 } }]);
    expect(out.data).toEqual(solidImage(21, 15, [90, 120, 150, 255]).data);
  });

  it('median equals sorting each clamped window', () => {
    const image = randomImage(11, 10, 31);
    const r = 2;
    const out = run(image, [{ id: 'median', params: { radius: r } }]);
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        for (let c = 0; c < 3; c++) {
          const values: number[] = [];
          for (let dy = -r; dy <= r; dy++) {
            for (let dx = -r; dx <= r; dx++) {
              const yy = Math.min(image.height - 1, Math.max(0, y + dy));
              const xx = Math.min(image.width - 1, Math.max(0, x + dx));
              values.push(image.data[(yy * image.width + xx) * 4 + c]);
            }
          }
          values.sort((a, b) => a - b);
          expect(pixel(out, x, y)[c]).toBe(values[12]);
        }
      }
    }
  });

  it('unsharp with amount 0 is the identity and sharpening increases local contrast', () => {
    const image = smoothImage(20, 16, 4);
    expect(run(image, [{ id: 'unsharp', params: { amount: 0 } }]).data).toEqual(image.data);
    const edge = solidImage(10, 4, [100, 100, 100, 255]);
    for (let y = 0; y < 4; y++) for (let x = 5; x < 10; x++) edge.data.set([160, 160, 160], (y * 10 + x) * 4);
    const out = run(edge, [{ id: 'unsharp', params: { sigma: 1, amount: 1 } }]);
    expect(pixel(out, 4, 1)[0]).toBeLessThan(100);
    expect(pixel(out, 5, 1)[0]).toBeGreaterThan(160);
    expect(pixel(out, 0, 1)[0]).toBe(100);
    // With a threshold above the edge's contrast, nothing changes.
    expect(run(edge, [{ id: 'unsharp', params: { sigma: 1, amount: 1, threshold: 61 } }]).data).toEqual(
      edge.data,
    );
  });

  it('unsharp adds amount x (source - gaussian blur), rounded and clamped, where the difference reaches the threshold', () => {
    const image = randomImage(17, 12, 21);
    for (const params of [
      { sigma: 2, amount: 1.37, threshold: 0 },
      { sigma: 1.2, amount: 4.5, threshold: 9 },
    ]) {
      const blurred = run(image, [{ id: 'gaussian-blur', params: { sigma: params.sigma } }]).data;
      const out = run(image, [{ id: 'unsharp', params }]).data;
      for (let i = 0; i < out.length; i++) {
        const v = image.data[i];
        const diff = v - blurred[i];
        const sharpened = Math.max(0, Math.min(255, Math.floor(v + params.amount * diff + 0.5)));
        const expected = i % 4 === 3 || Math.abs(diff) < params.threshold ? v : sharpened;
        expect(out[i]).toBe(expected);
      }
    }
  });
});

describe('edge and stylize filters, known values', () => {
  it('sobel of a flat image is black, of a vertical edge is strong along the edge only', () => {
    const flat = run(solidImage(9, 7, [80, 160, 240, 128]), [{ id: 'sobel' }]);
    for (let i = 0; i < flat.data.length; i += 4)
      expect(Array.from(flat.data.subarray(i, i + 4))).toEqual([0, 0, 0, 128]);
    const edge = solidImage(10, 6, [0, 0, 0, 255]);
    for (let y = 0; y < 6; y++) for (let x = 5; x < 10; x++) edge.data.set([200, 200, 200], (y * 10 + x) * 4);
    const out = run(edge, [{ id: 'sobel' }]);
    for (let y = 0; y < 6; y++) {
      expect(pixel(out, 4, y)[0]).toBe(255);
      expect(pixel(out, 5, y)[0]).toBe(255);
      expect(pixel(out, 2, y)[0]).toBe(0);
      expect(pixel(out, 8, y)[0]).toBe(0);
    }
  });

  it('sobel of a gentle ramp is the exact gradient magnitude', () => {
    // Luma rises by 10 per column: gx = (1 + 2 + 1) * 20 = 80 inside, 40 at the clamped edge columns.
    const image = solidImage(6, 3, [0, 0, 0, 255]);
    for (let y = 0; y < 3; y++)
      for (let x = 0; x < 6; x++) image.data.set([x * 10, x * 10, x * 10], (y * 6 + x) * 4);
    const out = run(image, [{ id: 'sobel' }]);
    expect([0, 1, 2, 3, 4, 5].map((x) => pixel(out, x, 1)[0])).toEqual([40, 80, 80, 80, 80, 40]);
  });

  it('emboss leaves flat areas unchanged and strength 0 is the identity', () => {
    const flat = solidImage(7, 5, [10, 20, 30, 40]);
    expect(run(flat, [{ id: 'emboss' }]).data).toEqual(flat.data);
    const image = randomImage(7, 5, 2);
    expect(run(image, [{ id: 'emboss', params: { strength: 0 } }]).data).toEqual(image.data);
  });

  it('pixelate fills each grid-aligned block with its mean colour', () => {
    const image = randomImage(11, 7, 9);
    const size = 4;
    const out = run(image, [{ id: 'pixelate', params: { size } }]);
    for (let by = 0; by < 7; by += size) {
      for (let bx = 0; bx < 11; bx += size) {
        const sums = [0, 0, 0];
        let n = 0;
        for (let y = by; y < Math.min(7, by + size); y++) {
          for (let x = bx; x < Math.min(11, bx + size); x++) {
            const p = pixel(image, x, y);
            for (let c = 0; c < 3; c++) sums[c] += p[c];
            n++;
          }
        }
        const mean = sums.map((s) => Math.floor(s / n + 0.5));
        for (let y = by; y < Math.min(7, by + size); y++) {
          for (let x = bx; x < Math.min(11, bx + size); x++)
            expect(pixel(out, x, y).slice(0, 3)).toEqual(mean);
        }
      }
    }
  });

  it('vignette leaves the centre untouched and darkens the corners', () => {
    const image = solidImage(41, 31, [200, 100, 50, 255]);
    const out = run(image, [{ id: 'vignette', params: { strength: 0.8, inner: 0.3 } }]);
    expect(pixel(out, 20, 15)).toEqual([200, 100, 50, 255]);
    expect(pixel(out, 22, 14)).toEqual([200, 100, 50, 255]);
    expect(pixel(out, 0, 0)[0]).toBeLessThan(60);
    expect(pixel(out, 40, 30)[0]).toBe(pixel(out, 0, 0)[0]);
    expect(pixel(out, 0, 15)[0]).toBeLessThan(200);
    expect(run(image, [{ id: 'vignette', params: { strength: 0 } }]).data).toEqual(image.data);
  });
});
