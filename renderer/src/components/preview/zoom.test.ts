import { describe, expect, it } from 'vitest';
import { actualScale, canPan, fittedView, panBy, zoomTo } from './zoom';

const image = { width: 6000, height: 4000 };
const viewport = { width: 600, height: 600 };

describe('the preview view', () => {
  it('fits the whole image, centred', () => {
    const v = fittedView(image, viewport, 1);
    expect(v.scale).toBeCloseTo(0.1);
    expect([v.x, v.y]).toEqual([0, 100]);
    expect(canPan(v, image, viewport)).toBe(false);
  });

  it('keeps the point under the cursor still when zooming, and covers the viewport', () => {
    const fit = fittedView(image, viewport, 1);
    const v = zoomTo(fit, 1, image, viewport, 1, 300, 300);
    // The centre of the image (3000, 2000) stays under the viewport's centre.
    expect([v.x, v.y]).toEqual([300 - 3000, 300 - 2000]);
    expect(canPan(v, image, viewport)).toBe(true);
  });

  it('never pans past an edge, and 1:1 is one device pixel per image pixel on a device pixel', () => {
    const one = zoomTo(fittedView(image, viewport, 2), actualScale(2), image, viewport, 2);
    expect(one.scale).toBe(0.5);
    const far = panBy(one, 1e6, -1e6, image, viewport, 2);
    expect([far.x, far.y]).toEqual([0, 600 - 2000]);
    const odd = panBy(one, 0.3, 0, image, viewport, 2);
    expect(Number.isInteger(odd.x * 2)).toBe(true);
  });

  it('does not zoom out past the fitted view nor in past 16 device pixels', () => {
    const fit = fittedView(image, viewport, 1);
    expect(zoomTo(fit, 1e-6, image, viewport, 1).scale).toBeCloseTo(0.1);
    expect(zoomTo(fit, 1e6, image, viewport, 1).scale).toBe(16);
    // A 1x1 image: the fitted view enlarges it; 1:1 is still reachable.
    const tiny = { width: 1, height: 1 };
    expect(zoomTo(fittedView(tiny, viewport, 1), 1, tiny, viewport, 1).scale).toBe(1);
  });
});
