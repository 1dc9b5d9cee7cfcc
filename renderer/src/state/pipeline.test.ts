import { describe, expect, it } from 'vitest';
import { blurFilter } from '../lib/test-fixtures';
import { type EditorStep, pipelineReducer, toPipelineSteps } from './pipeline';

const blur = blurFilter;
const invert: typeof blur = { ...blur, id: 'invert', category: 'color', params: [], neighbourhood: false };

function build(): EditorStep[] {
  let steps = pipelineReducer([], { type: 'add', filter: blur });
  steps = pipelineReducer(steps, { type: 'add', filter: invert });
  return steps;
}

describe('pipelineReducer', () => {
  it('adds steps with the schema defaults, enabled', () => {
    expect(toPipelineSteps(build())).toEqual([
      { id: 'gaussian-blur', params: { sigma: 2 }, enabled: true },
      { id: 'invert', params: {}, enabled: true },
    ]);
  });
  it('moves within bounds only and keeps uids with their steps', () => {
    const steps = build();
    const moved = pipelineReducer(steps, { type: 'move', uid: steps[0].uid, by: 1 });
    expect(moved.map((s) => s.uid)).toEqual([steps[1].uid, steps[0].uid]);
    expect(pipelineReducer(moved, { type: 'move', uid: steps[0].uid, by: 1 })).toBe(moved);
    expect(pipelineReducer(moved, { type: 'move', uid: steps[1].uid, by: -1 })).toBe(moved);
  });
  it('places a dragged step at a position of the list without it, clamped, keeping uids', () => {
    let steps = build();
    steps = pipelineReducer(steps, { type: 'add', filter: { ...invert, id: 'sobel' } });
    const [a, b, c] = steps.map((s) => s.uid);
    const order = (to: number, uid = a) =>
      pipelineReducer(steps, { type: 'place', uid, to }).map((s) => s.uid);
    expect(order(2)).toEqual([b, c, a]);
    expect(order(1)).toEqual([b, a, c]);
    expect(order(99)).toEqual([b, c, a]);
    expect(order(0, c)).toEqual([c, a, b]);
    expect(pipelineReducer(steps, { type: 'place', uid: a, to: 0 })).toBe(steps);
    expect(pipelineReducer(steps, { type: 'place', uid: 'nope', to: 1 })).toBe(steps);
  });
  it('sets, resets, toggles and removes one step without touching the others', () => {
    const steps = build();
    let next = pipelineReducer(steps, { type: 'set-param', uid: steps[0].uid, key: 'sigma', value: 7 });
    next = pipelineReducer(next, { type: 'toggle', uid: steps[1].uid, enabled: false });
    expect(toPipelineSteps(next)).toEqual([
      { id: 'gaussian-blur', params: { sigma: 7 }, enabled: true },
      { id: 'invert', params: {}, enabled: false },
    ]);
    expect(steps[0].params.sigma).toBe(2);
    next = pipelineReducer(next, { type: 'reset', uid: steps[0].uid, filter: blur });
    expect(next[0].params).toEqual({ sigma: 2 });
    next = pipelineReducer(next, { type: 'remove', uid: steps[0].uid });
    expect(next.map((s) => s.id)).toEqual(['invert']);
  });
  it('replaces the whole pipeline (preset load) with fresh uids', () => {
    const steps = build();
    const loaded = pipelineReducer(steps, {
      type: 'replace',
      steps: [{ id: 'invert', params: {}, enabled: false }],
    });
    expect(loaded).toHaveLength(1);
    expect(steps.map((s) => s.uid)).not.toContain(loaded[0].uid);
  });
});
