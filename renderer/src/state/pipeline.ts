/** The pipeline being edited: an ordered list of steps with a stable uid each (for React keys and focus). */
import type { FilterInfo, ParamValue, PipelineStep } from '../api/types';

export interface EditorStep {
  uid: string;
  id: string;
  params: Record<string, ParamValue>;
  enabled: boolean;
}

export type PipelineAction =
  | { type: 'add'; filter: FilterInfo }
  | { type: 'remove'; uid: string }
  | { type: 'move'; uid: string; by: -1 | 1 }
  /** Drag and drop: the step goes to position `to` of the list as it is after taking it out. */
  | { type: 'place'; uid: string; to: number }
  | { type: 'toggle'; uid: string; enabled: boolean }
  | { type: 'set-param'; uid: string; key: string; value: ParamValue }
  | { type: 'reset'; uid: string; filter: FilterInfo }
  | { type: 'replace'; steps: Omit<EditorStep, 'uid'>[] }
  | { type: 'clear' };

let nextUid = 1;
export const newUid = (): string => `step-${nextUid++}`;

export function defaultParams(filter: FilterInfo): Record<string, ParamValue> {
  return Object.fromEntries(filter.params.map((p) => [p.key, p.default]));
}

export function pipelineReducer(steps: EditorStep[], action: PipelineAction): EditorStep[] {
  switch (action.type) {
    case 'add':
      return [
        ...steps,
        { uid: newUid(), id: action.filter.id, params: defaultParams(action.filter), enabled: true },
      ];
    case 'remove':
      return steps.filter((s) => s.uid !== action.uid);
    case 'place': {
      const i = steps.findIndex((s) => s.uid === action.uid);
      if (i < 0) return steps;
      const rest = steps.filter((_, k) => k !== i);
      const to = Math.max(0, Math.min(rest.length, action.to));
      if (to === i) return steps;
      return [...rest.slice(0, to), steps[i], ...rest.slice(to)];
    }
    case 'move': {
      const i = steps.findIndex((s) => s.uid === action.uid);
      const j = i + action.by;
      if (i < 0 || j < 0 || j >= steps.length) return steps;
      const next = steps.slice();
      [next[i], next[j]] = [next[j], next[i]];
      return next;
    }
    case 'toggle':
      return steps.map((s) => (s.uid === action.uid ? { ...s, enabled: action.enabled } : s));
    case 'set-param':
      return steps.map((s) =>
        s.uid === action.uid ? { ...s, params: { ...s.params, [action.key]: action.value } } : s,
      );
    case 'reset':
      return steps.map((s) => (s.uid === action.uid ? { ...s, params: defaultParams(action.filter) } : s));
    case 'replace':
      return action.steps.map((s) => ({ ...s, uid: newUid() }));
    case 'clear':
      return [];
  }
}

/** The steps as the API and presets want them (no uid). */
export function toPipelineSteps(steps: readonly EditorStep[]): PipelineStep[] {
  return steps.map(({ id, params, enabled }) => ({ id, params, enabled }));
}
