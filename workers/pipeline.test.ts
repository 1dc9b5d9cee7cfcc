import { describe, expect, it } from 'vitest';
import { filters, resolvePipeline } from './filters/index';
import type { PipelineStep, Strip } from './filters/types';
import { pipelineRadius, runPipeline } from './pipeline';
import { randomImage, stripwise, type TestImage, wholeStrip } from './test-images';

/** The whole image as one strip: the serial reference. */
function serial(image: TestImage, steps: PipelineStep[]): Uint8Array {
  const out = new Uint8Array(image.data.length);
  runPipeline(resolvePipeline(steps), wholeStrip(image), wholeStrip(image, out));
  return out;
}

/** Strip by strip, the way the pool does it. */
function stripwiseRun(image: TestImage, steps: PipelineStep[], stripRows: number): Uint8Array {
  const resolved = resolvePipeline(steps);
  return stripwise(image, pipelineRadius(resolved), stripRows, (src, dst) => runPipeline(resolved, src, dst));
}

const sizes: [number, number][] = [
  [1, 1],
  [1, 9],
  [9, 1],
  [2, 2],
  [13, 17],
  [31, 7],
  [6, 40],
];
const stripHeights = [1, 2, 7, 1000];

/** Every filter at its defaults, plus parameter values that change the radius or the arithmetic. */
const singleSteps: PipelineStep[] = [
  ...filters.map((f) => ({ id: f.id })),
  { id: 'gaussian-blur', params: { sigma: 0.5 } },
  { id: 'gaussian-blur', params: { sigma: 3.7 } },
  { id: 'box-blur', params: { radius: 1 } },
  { id: 'box-blur', params: { radius: 6 } },
  { id: 'unsharp', params: { sigma: 1.2, amount: 2.5, threshold: 3 } },
  { id: 'median', params: { radius: 1 } },
  { id: 'median', params: { radius: 4 } },
  { id: 'pixelate', params: { size: 2 } },
  { id: 'pixelate', params: { size: 5 } },
  { id: 'vignette', params: { strength: 1, inner: 0 } },
  { id: 'emboss', params: { strength: 2.5 } },
];

const pipelines: PipelineStep[][] = [
  [{ id: 'gaussian-blur', params: { sigma: 1.5 } }, { id: 'sobel' }],
  [{ id: 'median', params: { radius: 1 } }, { id: 'pixelate', params: { size: 3 } }, { id: 'vignette' }],
  [{ id: 'unsharp' }, { id: 'emboss' }, { id: 'box-blur', params: { radius: 2 } }, { id: 'threshold' }],
  [{ id: 'invert' }, { id: 'grayscale' }, { id: 'sepia' }],
  [{ id: 'sobel' }, { id: 'sobel' }, { id: 'gaussian-blur', params: { sigma: 0.8 } }],
  [{ id: 'sobel', enabled: false }, { id: 'saturation' }],
  [],
];

function label(steps: PipelineStep[]): string {
  return steps.length
    ? steps.map((s) => `${s.id}${s.params ? JSON.stringify(s.params) : ''}`).join(' > ')
    : '(empty)';
}

describe('strip by strip equals whole image, byte for byte', () => {
  const cases = [...singleSteps.map((s) => [s]), ...pipelines];
  it.each(cases.map((steps) => [label(steps), steps] as const))('%s', (_, steps) => {
    let seed = 1;
    for (const [width, height] of sizes) {
      const image = randomImage(width, height, seed++);
      const expected = serial(image, steps);
      for (const rows of stripHeights) {
        const got = stripwiseRun(image, steps, rows);
        if (!Buffer.from(got).equals(Buffer.from(expected))) {
          throw new Error(`${label(steps)} differs at ${width}x${height} with strips of ${rows} rows`);
        }
      }
    }
  });
});

describe('runPipeline', () => {
  it('runs steps in order (invert then threshold differs from threshold then invert)', () => {
    const image = randomImage(8, 8, 3);
    const a = serial(image, [{ id: 'invert' }, { id: 'threshold', params: { level: 100 } }]);
    const b = serial(image, [{ id: 'threshold', params: { level: 100 } }, { id: 'invert' }]);
    expect(a).not.toEqual(b);
  });

  it('an empty pipeline copies the rows', () => {
    const image = randomImage(5, 6, 3);
    expect(serial(image, [])).toEqual(image.data);
    const dst: Strip = { data: new Uint8Array(2 * 5 * 4), width: 5, imageHeight: 6, y0: 3, rows: 2 };
    runPipeline([], wholeStrip(image), dst);
    expect(dst.data).toEqual(image.data.subarray(3 * 20, 5 * 20));
  });

  it('pipelineRadius is the sum of the steps radii', () => {
    const steps = resolvePipeline([
      { id: 'box-blur', params: { radius: 4 } },
      { id: 'sobel' },
      { id: 'invert' },
      { id: 'pixelate', params: { size: 6 } },
    ]);
    expect(pipelineRadius(steps)).toBe(4 + 1 + 0 + 5);
    expect(pipelineRadius([])).toBe(0);
  });

  it('refuses a source that lacks the halo rows, instead of blurring differently', () => {
    const image = randomImage(6, 20, 1);
    const steps = resolvePipeline([{ id: 'box-blur', params: { radius: 2 } }, { id: 'sobel' }]);
    const src: Strip = { data: image.data.slice(8 * 24, 14 * 24), width: 6, imageHeight: 20, y0: 8, rows: 6 };
    const dst: Strip = { data: new Uint8Array(2 * 24), width: 6, imageHeight: 20, y0: 10, rows: 2 };
    expect(() => runPipeline(steps, src, dst)).toThrow(/do not cover rows \[7, 15\)/);
  });

  it('refuses strips of different images or too-short buffers', () => {
    const steps = resolvePipeline([{ id: 'invert' }]);
    const src: Strip = { data: new Uint8Array(16), width: 2, imageHeight: 2, y0: 0, rows: 2 };
    expect(() => runPipeline(steps, src, { ...src, data: new Uint8Array(16), width: 1 })).toThrow(
      /same image/,
    );
    expect(() => runPipeline(steps, src, { ...src, data: new Uint8Array(15) })).toThrow(/fewer than/);
  });

  it('writes only dst rows: a dst narrower than src is filled from the right rows', () => {
    const image = randomImage(4, 9, 12);
    const steps = resolvePipeline([{ id: 'gaussian-blur', params: { sigma: 1 } }]);
    const whole = serial(image, [{ id: 'gaussian-blur', params: { sigma: 1 } }]);
    const dst: Strip = { data: new Uint8Array(3 * 16), width: 4, imageHeight: 9, y0: 4, rows: 3 };
    runPipeline(steps, wholeStrip(image), dst);
    expect(dst.data).toEqual(whole.subarray(4 * 16, 7 * 16));
  });
});
