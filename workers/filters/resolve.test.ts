import { describe, expect, it } from 'vitest';
import { getFilter, PipelineError, resolvePipeline } from './index';
import type { PipelineStep } from './types';

function errorOf(steps: unknown): PipelineError {
  try {
    resolvePipeline(steps as PipelineStep[]);
  } catch (e) {
    if (e instanceof PipelineError) return e;
    throw e;
  }
  throw new Error('expected a PipelineError');
}

describe('resolvePipeline', () => {
  it('fills in defaults and keeps given values', () => {
    const [blur, sharpen] = resolvePipeline([
      { id: 'gaussian-blur' },
      { id: 'unsharp', params: { amount: 2 } },
    ]);
    expect(blur.filter).toBe(getFilter('gaussian-blur'));
    expect(blur.params).toEqual({ sigma: 2 });
    expect(sharpen.params).toEqual({ sigma: 2, amount: 2, threshold: 0 });
  });

  it('accepts the bounds themselves and drops disabled steps', () => {
    const steps = resolvePipeline([
      { id: 'median', params: { radius: 1 } },
      { id: 'median', params: { radius: 8 } },
      { id: 'invert', enabled: false },
      { id: 'sobel', enabled: true },
    ]);
    expect(steps.map((s) => s.filter.id)).toEqual(['median', 'median', 'sobel']);
    expect(resolvePipeline([])).toEqual([]);
  });

  it('rejects an unknown filter, listing the known ones', () => {
    const e = errorOf([{ id: 'invert' }, { id: 'blurr' }]);
    expect(e.message).toMatch(/^step 2: the step must be one of .*gaussian-blur.*vignette, got "blurr"$/);
    expect(e).toMatchObject({ stepIndex: 1, filterId: 'blurr' });
  });

  it('rejects an unknown parameter, naming the filter and its parameters', () => {
    expect(errorOf([{ id: 'gaussian-blur', params: { radius: 3 } }]).message).toMatch(
      /^step 1 \(gaussian-blur\): the parameter must be one of sigma, got "radius"$/,
    );
    expect(errorOf([{ id: 'sobel', params: { x: 1 } }]).message).toMatch(
      /must be none: "sobel" takes no parameters, got "x"/,
    );
  });

  it('rejects out-of-range values with the allowed range', () => {
    const e = errorOf([{ id: 'gaussian-blur', params: { sigma: 50 } }]);
    expect(e.message).toBe(
      'step 1 (gaussian-blur): parameter "sigma" must be a number from 0.5 to 20, got 50; out of range',
    );
    expect(e).toMatchObject({ stepIndex: 0, filterId: 'gaussian-blur', param: 'sigma' });
    expect(errorOf([{ id: 'pixelate', params: { size: 1 } }]).message).toMatch(
      /"size".*from 2 to 128, got 1/,
    );
  });

  it('rejects non-integers for int parameters', () => {
    expect(errorOf([{ id: 'median', params: { radius: 2.5 } }]).message).toMatch(
      /\(median\): parameter "radius" must be a whole number from 1 to 8, got 2.5; not a whole number/,
    );
  });

  it('rejects non-finite and non-numeric values', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, '3', null, true]) {
      const e = errorOf([{ id: 'box-blur', params: { radius: bad } }]);
      expect(e.message).toMatch(/\(box-blur\): parameter "radius" must be a whole number from 1 to 50, got/);
      expect(e.param).toBe('radius');
    }
  });

  it('rejects malformed steps', () => {
    expect(errorOf([{}]).message).toMatch(/step 1 must be \{ id: string, params\?: \{...\} \}, got \{\}/);
    expect(errorOf(['invert']).message).toMatch(/step 1/);
    expect(errorOf([{ id: 'invert', params: [1] }]).message).toMatch(
      /params must be an object of numbers, got \[1\]/,
    );
    expect(errorOf([{ id: 'invert', enabled: 'no' }]).message).toMatch(
      /"enabled" must be true or false, got "no"/,
    );
    expect(errorOf({ id: 'invert' }).message).toMatch(
      /^a pipeline must be a list of steps, got \{"id":"invert"\}$/,
    );
  });
});
