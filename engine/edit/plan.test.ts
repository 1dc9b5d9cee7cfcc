import { describe, expect, it } from 'vitest';
import type { PipelineError } from '../../workers/filters/index';
import { checkFiltersOnly, filledSteps, largestSize, resolveEdit, stageSizes } from './plan';

describe('resolveEdit', () => {
  it('runs consecutive filters as one stage and each geometry step as its own, disabled steps left out', () => {
    const plan = resolveEdit([
      { id: 'resize', params: { width: 800 } },
      { id: 'gaussian-blur', params: { sigma: 2 } },
      { id: 'sepia', enabled: false },
      { id: 'invert' },
      { id: 'rotate', params: { angle: 90 } },
      { id: 'flop', enabled: false },
      { id: 'sobel' },
    ]);
    expect(
      plan.stages.map((s) => (s.kind === 'geometry' ? s.geometry.step.id : s.steps.map((x) => x.id))),
    ).toEqual(['resize', ['gaussian-blur', 'invert'], 'rotate', ['sobel']]);
    expect(plan.filters.map((f) => f.filter.id)).toEqual(['gaussian-blur', 'invert', 'sobel']);
    expect(plan.hasGeometry).toBe(true);
    const blur = plan.stages[1];
    expect(blur.kind === 'filters' && blur.steps[0]).toEqual({ id: 'gaussian-blur', params: { sigma: 2 } });
  });

  it('a pipeline of filters only is one stage, as before geometry steps existed', () => {
    const plan = resolveEdit([{ id: 'invert' }, { id: 'sobel' }]);
    expect(plan.stages).toHaveLength(1);
    expect(plan.hasGeometry).toBe(false);
    expect(resolveEdit([]).stages).toEqual([]);
  });

  it('names an unknown step with every id there is, and keeps the step index of each fault', () => {
    expect(() => resolveEdit([{ id: 'invert' }, { id: 'resise' }])).toThrow(
      /^step 2: the step must be one of resize, crop, rotate, flip, flop, invert, .*, got "resise"$/,
    );
    try {
      resolveEdit([{ id: 'invert' }, { id: 'sobel' }, { id: 'crop', params: { aspect: '3/2', width: 4 } }]);
    } catch (err) {
      expect((err as PipelineError).stepIndex).toBe(2);
    }
  });

  it('follows the size through the stages, and the largest is what admission counts', () => {
    const plan = resolveEdit([
      { id: 'resize', params: { width: 200, enlarge: 'yes' } },
      { id: 'invert' },
      { id: 'rotate' },
      { id: 'crop', params: { aspect: '1/1' } },
    ]);
    expect(stageSizes(plan, { width: 100, height: 50 })).toEqual([
      { width: 200, height: 100 },
      { width: 200, height: 100 },
      { width: 100, height: 200 },
      { width: 100, height: 100 },
    ]);
    expect(largestSize(plan, { width: 100, height: 50 })).toEqual({ width: 200, height: 100 });
    expect(
      largestSize(resolveEdit([{ id: 'resize', params: { width: 10 } }]), { width: 100, height: 50 }),
    ).toEqual({
      width: 100,
      height: 50,
    });
  });
});

describe('checkFiltersOnly', () => {
  it('refuses an enabled geometry step with the reason, and lets a disabled one through', () => {
    expect(() =>
      checkFiltersOnly([{ id: 'invert' }, { id: 'resize', params: { width: 9 } }], 'the benchmark'),
    ).toThrow(
      /^step 2 \(resize\) changes the image's size or orientation, which sharp does outside the pool; the benchmark times filters/,
    );
    expect(() =>
      checkFiltersOnly([{ id: 'resize', enabled: false }, { id: 'invert' }], 'the Lab'),
    ).not.toThrow();
  });
});

describe('filledSteps', () => {
  it('fills every parameter of filters and geometry steps, disabled ones included', () => {
    expect(filledSteps([{ id: 'rotate', enabled: false }, { id: 'gaussian-blur' }])).toEqual([
      { id: 'rotate', params: { angle: '90' }, enabled: false },
      { id: 'gaussian-blur', params: { sigma: 2 }, enabled: true },
    ]);
  });
});
