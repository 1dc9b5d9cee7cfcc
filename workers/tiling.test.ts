import { describe, expect, it } from 'vitest';
import { planStrips } from './tiling';

describe('planStrips', () => {
  it('covers every row exactly once, with halos cut at the image edges', () => {
    for (const height of [1, 2, 7, 10, 33]) {
      for (const stripRows of [1, 2, 3, 7, 50]) {
        for (const halo of [0, 1, 4, 40]) {
          const plans = planStrips(height, stripRows, halo);
          let next = 0;
          plans.forEach((p, i) => {
            expect(p.index).toBe(i);
            expect(p.y0).toBe(next);
            expect(p.rows).toBeGreaterThan(0);
            expect(p.rows).toBeLessThanOrEqual(stripRows);
            expect(p.srcY0).toBe(Math.max(0, p.y0 - halo));
            expect(p.srcY0 + p.srcRows).toBe(Math.min(height, p.y0 + p.rows + halo));
            next += p.rows;
          });
          expect(next).toBe(height);
          expect(plans.length).toBe(Math.ceil(height / stripRows));
        }
      }
    }
  });

  it('gives one strip when strips are taller than the image', () => {
    expect(planStrips(5, 100, 3)).toEqual([{ index: 0, y0: 0, rows: 5, srcY0: 0, srcRows: 5 }]);
  });

  it('spells out a small plan', () => {
    expect(planStrips(10, 4, 2)).toEqual([
      { index: 0, y0: 0, rows: 4, srcY0: 0, srcRows: 6 },
      { index: 1, y0: 4, rows: 4, srcY0: 2, srcRows: 8 },
      { index: 2, y0: 8, rows: 2, srcY0: 6, srcRows: 4 },
    ]);
  });

  it('has no strips for an empty image and rejects nonsense', () => {
    expect(planStrips(0, 4, 1)).toEqual([]);
    expect(() => planStrips(10, 0, 1)).toThrow(/stripRows/);
    expect(() => planStrips(10, 2.5, 1)).toThrow(/stripRows/);
    expect(() => planStrips(10, 2, -1)).toThrow(/halo/);
    expect(() => planStrips(Number.NaN, 2, 1)).toThrow(/imageHeight/);
  });
});
