/**
 * One pipeline, however it was written: the steps that run (disabled ones dropped), each with every
 * parameter filled in and in a fixed order. The editor's steps, a request's steps and a report's
 * resolved pipeline then compare equal when they would compute the same pixels.
 */
import type { FilterInfo, ParamValue, PipelineStep } from '../api/types';

export interface CanonicalStep {
  id: string;
  /** [key, value] sorted by key. */
  params: [string, ParamValue][];
}

export function canonicalSteps(
  steps: readonly PipelineStep[],
  filters?: ReadonlyMap<string, FilterInfo>,
): CanonicalStep[] {
  return steps
    .filter((s) => s.enabled !== false)
    .map((s) => {
      const merged = new Map<string, ParamValue>();
      for (const p of filters?.get(s.id)?.params ?? []) merged.set(p.key, p.default);
      for (const [key, value] of Object.entries(s.params ?? {})) {
        if (typeof value === 'number' || typeof value === 'string') merged.set(key, value);
      }
      const params = [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      return { id: s.id, params };
    });
}

/** A string equal for equal pipelines (see canonicalSteps). */
export function pipelineKey(
  steps: readonly PipelineStep[],
  filters?: ReadonlyMap<string, FilterInfo>,
): string {
  return JSON.stringify(canonicalSteps(steps, filters));
}

/** A step as the CLI writes it: "gaussian-blur:sigma=3" (no parameters: just the id). */
export function describeStep(step: CanonicalStep): string {
  if (step.params.length === 0) return step.id;
  return `${step.id}:${step.params.map(([k, v]) => `${k}=${typeof v === 'number' ? Number(v.toPrecision(6)) : v}`).join(':')}`;
}

/** The pipeline in a few words: "sobel → vignette", "no filters". */
export function describePipelineIds(steps: readonly CanonicalStep[]): string {
  return steps.length === 0 ? 'no filters' : steps.map((s) => s.id).join(' → ');
}
