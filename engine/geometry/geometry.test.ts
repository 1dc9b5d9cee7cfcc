import sharp, { type ResizeOptions } from 'sharp';
import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../workers/filters/index';
import { applyGeometry } from '../edit/run';
import { photoLikePixels } from '../images/test-fixtures';
import type { RawImage } from '../types';
import { cropRegion, geometrySteps, getGeometry, resolveGeometry, type Size } from './index';

/** An RGBA image with alpha and a different value at every pixel, so any misplaced pixel shows. */
function image(width: number, height: number): RawImage {
  return { data: new Uint8Array(photoLikePixels(width, height, 4)), width, height };
}

const resolved = (id: string, params: Record<string, number | string> = {}) => {
  const step = resolveGeometry({ id, params }, 0);
  if (!step) throw new Error('disabled');
  return step;
};

/** Independent reference: the pixel that lands at (x, y) comes from `from(x, y)` of the source. */
function remap(src: RawImage, size: Size, from: (x: number, y: number) => [number, number]): RawImage {
  const data = new Uint8Array(size.width * size.height * 4);
  for (let y = 0; y < size.height; y++) {
    for (let x = 0; x < size.width; x++) {
      const [sx, sy] = from(x, y);
      data.set(
        src.data.subarray((sy * src.width + sx) * 4, (sy * src.width + sx) * 4 + 4),
        (y * size.width + x) * 4,
      );
    }
  }
  return { data, width: size.width, height: size.height };
}

const sizes: Size[] = [
  { width: 1, height: 1 },
  { width: 7, height: 5 },
  { width: 13, height: 7 },
  { width: 2, height: 9 },
];

describe('exact geometry steps against a pixel-by-pixel reference', () => {
  it.each(sizes)('rotate 90, 180 and 270 clockwise, flip and flop on %o with alpha', async (size) => {
    const src = image(size.width, size.height);
    const { width: w, height: h } = size;
    const cases: [string, Record<string, string>, Size, (x: number, y: number) => [number, number]][] = [
      ['rotate', { angle: '90' }, { width: h, height: w }, (x, y) => [y, h - 1 - x]],
      ['rotate', { angle: '180' }, size, (x, y) => [w - 1 - x, h - 1 - y]],
      ['rotate', { angle: '270' }, { width: h, height: w }, (x, y) => [w - 1 - y, x]],
      ['flip', {}, size, (x, y) => [x, h - 1 - y]],
      ['flop', {}, size, (x, y) => [w - 1 - x, y]],
    ];
    for (const [id, params, outSize, from] of cases) {
      const step = resolved(id, params);
      const out = await applyGeometry(src, step, 'test');
      expect(out, `${id} ${JSON.stringify(params)}`).toEqual(remap(src, outSize, from));
      expect(step.step.outputSize(size, step.params)).toEqual(outSize);
    }
  });

  it('crops the largest region of an aspect ratio, placed by gravity', async () => {
    const src = image(13, 7);
    for (const [gravity, left, top] of [
      ['centre', 3, 0],
      ['west', 0, 0],
      ['east', 6, 0],
      ['northwest', 0, 0],
    ] as const) {
      const step = resolved('crop', { aspect: '1/1', gravity });
      expect(cropRegion(src, step.params)).toEqual({ width: 7, height: 7, left, top });
      const out = await applyGeometry(src, step, 'test');
      expect(out).toEqual(remap(src, { width: 7, height: 7 }, (x, y) => [x + left, y + top]));
    }
    // A wide ratio on a tall image takes the full width.
    expect(cropRegion({ width: 9, height: 20 }, resolved('crop', { aspect: '16/9' }).params)).toEqual({
      width: 9,
      height: 5,
      left: 0,
      top: 7,
    });
  });

  it('crops a size, never more than the image has, 0 keeping a side whole', async () => {
    const src = image(13, 7);
    const step = resolved('crop', { width: 5, height: 100, gravity: 'southeast' });
    expect(cropRegion(src, step.params)).toEqual({ width: 5, height: 7, left: 8, top: 0 });
    const out = await applyGeometry(src, step, 'test');
    expect(out).toEqual(remap(src, { width: 5, height: 7 }, (x, y) => [x + 8, y]));
    expect(cropRegion(src, resolved('crop', { height: 3, gravity: 'south' }).params)).toEqual({
      width: 13,
      height: 3,
      left: 0,
      top: 4,
    });
  });
});

describe('resize', () => {
  it("gives sharp's own Lanczos result for each fit, and its size is within the bound", async () => {
    const src = image(37, 23);
    const raw = () => sharp(src.data, { raw: { width: 37, height: 23, channels: 4 } });
    const cases: [Record<string, number | string>, ResizeOptions][] = [
      [{ width: 20 }, { width: 20 }],
      [{ height: 10 }, { height: 10 }],
      [
        { width: 16, height: 16, fit: 'cover' },
        { width: 16, height: 16, fit: 'cover' },
      ],
      [
        { width: 16, height: 16, fit: 'fill' },
        { width: 16, height: 16, fit: 'fill' },
      ],
      [
        { width: 16, height: 16 },
        { width: 16, height: 16, fit: 'inside' },
      ],
      [{ width: 74, enlarge: 'yes' }, { width: 74 }],
    ];
    for (const [params, options] of cases) {
      const step = resolved('resize', params);
      const out = await applyGeometry(src, step, 'test');
      const { data, info } = await raw()
        .resize({ kernel: 'lanczos3', ...options })
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect({ w: out.width, h: out.height }, JSON.stringify(params)).toEqual({
        w: info.width,
        h: info.height,
      });
      expect(Buffer.from(out.data).equals(data), JSON.stringify(params)).toBe(true);
      const bound = step.step.outputSize(src, step.params);
      expect(bound.width).toBeGreaterThanOrEqual(out.width);
      expect(bound.height).toBeGreaterThanOrEqual(out.height);
      expect(bound.width * bound.height).toBeLessThanOrEqual((out.width + 1) * (out.height + 1));
    }
  });

  it('never enlarges unless asked', async () => {
    const src = image(7, 5);
    const kept = await applyGeometry(src, resolved('resize', { width: 70 }), 'test');
    expect({ w: kept.width, h: kept.height }).toEqual({ w: 7, h: 5 });
    expect(kept.data).toEqual(src.data);
    const enlarged = await applyGeometry(src, resolved('resize', { width: 70, enlarge: 'yes' }), 'test');
    expect({ w: enlarged.width, h: enlarged.height }).toEqual({ w: 70, h: 50 });
  });
});

describe('resolveGeometry', () => {
  const fault = (id: string, params: Record<string, unknown>) => {
    try {
      resolveGeometry({ id, params }, 2);
    } catch (err) {
      expect(err).toBeInstanceOf(PipelineError);
      expect((err as PipelineError).stepIndex).toBe(2);
      return (err as Error).message;
    }
    throw new Error(`${id} ${JSON.stringify(params)} was accepted`);
  };

  it('fills the defaults and takes a number for a choice written the same', () => {
    expect(resolved('resize', { width: 800 }).params).toEqual({
      width: 800,
      height: 0,
      fit: 'inside',
      enlarge: 'no',
    });
    expect(resolved('rotate', { angle: 270 }).params).toEqual({ angle: '270' });
    expect(resolved('rotate').params).toEqual({ angle: '90' });
  });

  it('names the step, the parameter and what is allowed', () => {
    expect(fault('resize', {})).toBe('step 3 (resize): resize needs a width or a height (or both) above 0');
    expect(fault('resize', { width: 10, fit: 'contain' })).toBe(
      'step 3 (resize): parameter "fit" must be one of inside, cover, fill, got "contain"',
    );
    expect(fault('rotate', { angle: 45 })).toBe(
      'step 3 (rotate): parameter "angle" must be one of 90, 180, 270, got 45',
    );
    expect(fault('crop', {})).toMatch(/^step 3 \(crop\): crop needs an aspect ratio, or a width or a height/);
    expect(fault('crop', { aspect: '3/2', width: 10 })).toMatch(/not both/);
    expect(fault('crop', { aspect: '7/3' })).toMatch(/parameter "aspect" must be one of none, 1\/1, /);
    expect(fault('flip', { angle: 1 })).toBe(
      'step 3 (flip): the parameter must be none: "flip" takes no parameters, got "angle"',
    );
    expect(fault('resize', { width: 1.5 })).toMatch(
      /parameter "width" must be a whole number from 0 to 16383, got 1.5/,
    );
  });

  it('checks a disabled step too, and leaves it out', () => {
    expect(resolveGeometry({ id: 'flip', enabled: false }, 0)).toBeNull();
    expect(() => resolveGeometry({ id: 'resize', enabled: false }, 0)).toThrow(PipelineError);
  });

  it('every step has a label, a description and parameters whose defaults are among their options', () => {
    for (const g of geometrySteps) {
      expect(getGeometry(g.id)).toBe(g);
      expect(g.label && g.description).toBeTruthy();
      for (const p of g.params) {
        if (p.type === 'choice') expect(p.options.map((o) => o.value)).toContain(p.default);
        else expect(p.default).toBeGreaterThanOrEqual(p.min);
      }
    }
  });
});
