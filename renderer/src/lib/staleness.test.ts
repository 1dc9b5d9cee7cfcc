import { describe, expect, it } from 'vitest';
import { canonicalSteps, describeStep, pipelineKey } from './pipeline-key';
import { type BenchmarkInputs, describeMeasuredPipeline, staleReasons } from './staleness';
import { blurFilter } from './test-fixtures';

const blur = blurFilter;
const filters = new Map([[blur.id, blur]]);

const measured: BenchmarkInputs = {
  steps: [
    { id: 'gaussian-blur', params: { sigma: 3 }, enabled: true },
    { id: 'invert', enabled: false },
  ],
  imageIds: ['a', 'b'],
  settings: { workers: [1, 2], transports: ['shared'], repeat: 5 },
};

describe('pipelineKey', () => {
  it('ignores disabled steps, fills defaults and orders parameters', () => {
    expect(pipelineKey([{ id: 'gaussian-blur' }], filters)).toBe(
      pipelineKey(
        [
          { id: 'gaussian-blur', params: { sigma: 2 } },
          { id: 'sobel', enabled: false },
        ],
        filters,
      ),
    );
    expect(pipelineKey([{ id: 'x', params: { b: 1, a: 2 } }])).toBe(
      pipelineKey([{ id: 'x', params: { a: 2, b: 1 } }]),
    );
    expect(pipelineKey([{ id: 'sobel' }])).not.toBe(pipelineKey([{ id: 'emboss' }]));
  });
  it('writes a step as the CLI does', () => {
    expect(describeStep(canonicalSteps([{ id: 'gaussian-blur', params: { sigma: 3 } }])[0])).toBe(
      'gaussian-blur:sigma=3',
    );
    expect(describeMeasuredPipeline([{ id: 'sobel' }, { id: 'invert', enabled: false }])).toBe('sobel');
  });
});

describe('staleReasons', () => {
  it('finds nothing when only the form of the inputs differs', () => {
    const current: BenchmarkInputs = {
      // The report's resolved pipeline: disabled steps gone, every parameter explicit, ids in another order.
      steps: [{ id: 'gaussian-blur', params: { sigma: 3 } }],
      imageIds: ['b', 'a'],
      settings: { workers: [2, 1, 2], transports: ['shared'], repeat: 5 },
    };
    expect(staleReasons(measured, current, filters)).toEqual([]);
  });

  it('says which parameter of the pipeline changed', () => {
    const current = { ...measured, steps: [{ id: 'gaussian-blur', params: { sigma: 4 } }] };
    expect(staleReasons(measured, current, filters)).toEqual([
      { kind: 'pipeline', summary: 'pipeline changed', detail: 'gaussian-blur sigma 3 → 4' },
    ]);
  });

  it('names the filters when the steps themselves changed', () => {
    const current = { ...measured, steps: [{ id: 'sobel' }, { id: 'gaussian-blur' }] };
    const [reason] = staleReasons(measured, current, filters);
    expect(reason.kind).toBe('pipeline');
    expect(reason.detail).toBe('measured gaussian-blur, now sobel → gaussian-blur');
    expect(staleReasons(measured, { ...measured, steps: [] })[0].detail).toBe(
      'measured gaussian-blur, now no filters',
    );
  });

  it('counts images added and removed, and says when the list was cleared', () => {
    expect(staleReasons(measured, { ...measured, imageIds: ['a', 'c', 'd'] })).toEqual([
      { kind: 'images', summary: 'images changed', detail: '1 removed, 2 added since the run' },
    ]);
    expect(staleReasons(measured, { ...measured, imageIds: [] })[0].detail).toBe(
      'no images now (the 2 measured were removed)',
    );
  });

  it('lists every changed setting, optional ones only when either side has them', () => {
    const current: BenchmarkInputs = {
      ...measured,
      settings: { workers: [1, 2, 4], transports: ['copy', 'shared'], repeat: 3 },
    };
    expect(staleReasons(measured, current)).toEqual([
      {
        kind: 'settings',
        summary: 'settings changed',
        detail: 'workers 1, 2 → 1, 2, 4; transports shared → copy, shared; repeats 5 → 3',
      },
    ]);
    const withScope = {
      ...measured,
      settings: { ...measured.settings, scope: 'job', timeBudgetSeconds: 30 },
    };
    expect(staleReasons(measured, withScope)[0].detail).toBe('scope default → job; time budget none → 30 s');
    const withKernels = { ...measured, settings: { ...measured.settings, kernels: 'js' } };
    expect(
      staleReasons({ ...measured, settings: { ...measured.settings, kernels: 'wasm' } }, withKernels),
    ).toEqual([{ kind: 'settings', summary: 'settings changed', detail: 'kernels wasm → js' }]);
    // A pool kind left out is threads, so a report from before the choice is not stale against threads.
    const onProcesses = { ...measured, settings: { ...measured.settings, pool: 'processes' } };
    expect(staleReasons(onProcesses, measured)[0].detail).toBe('workers are processes → threads');
    expect(
      staleReasons(measured, { ...measured, settings: { ...measured.settings, pool: 'threads' } }),
    ).toEqual([]);
  });

  it('reports all three kinds at once, pipeline first', () => {
    const current: BenchmarkInputs = {
      steps: [],
      imageIds: [],
      settings: { ...measured.settings, repeat: 1 },
    };
    expect(staleReasons(measured, current).map((r) => r.summary)).toEqual([
      'pipeline changed',
      'images changed',
      'settings changed',
    ]);
  });
});
