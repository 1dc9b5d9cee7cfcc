/**
 * A pipeline as it runs: filters (kernels of ours, on the pool, in strips) and geometry steps (sharp,
 * engine/geometry/) in the order written. Consecutive filters make one stage, one pool run, so a
 * pipeline without geometry runs exactly as before; each geometry step is a stage of its own.
 */

import { optionMessage } from '../../shared/errors';
import { PipelineError, resolveStep } from '../../workers/filters/index';
import type { PipelineStep, ResolvedStep } from '../../workers/filters/types';
import {
  geometrySteps,
  getGeometry,
  type ResolvedGeometry,
  resolveGeometry,
  type Size,
} from '../geometry/index';

export type EditStage =
  | {
      kind: 'filters';
      /** As the pool takes them: enabled steps, every parameter filled in. */
      steps: PipelineStep[];
      resolved: ResolvedStep[];
    }
  | { kind: 'geometry'; geometry: ResolvedGeometry };

export interface EditPlan {
  stages: EditStage[];
  /** Every enabled filter, in order: what the filters' reports and halos are about. */
  filters: ResolvedStep[];
  /** True when a step changes the size or the orientation. */
  hasGeometry: boolean;
}

const GEOMETRY_IDS = geometrySteps.map((g) => g.id);

/**
 * Checks a pipeline of filters and geometry steps, as resolvePipeline checks filters: every step,
 * disabled ones too, each fault a PipelineError naming the step. Disabled steps are left out.
 */
export function resolveEdit(steps: readonly PipelineStep[]): EditPlan {
  if (!Array.isArray(steps)) throw new PipelineError(optionMessage('a pipeline', 'a list of steps', steps));
  const stages: EditStage[] = [];
  const filters: ResolvedStep[] = [];
  steps.forEach((step: unknown, stepIndex) => {
    const id = (step as { id?: unknown } | null)?.id;
    if (typeof id === 'string' && getGeometry(id)) {
      const geometry = resolveGeometry(step as PipelineStep, stepIndex);
      if (geometry) stages.push({ kind: 'geometry', geometry });
      return;
    }
    const resolved = resolveStep(step, stepIndex, GEOMETRY_IDS);
    if (!resolved) return;
    filters.push(resolved);
    const last = stages.at(-1);
    const plain = { id: resolved.filter.id, params: resolved.params };
    if (last?.kind === 'filters') {
      last.steps.push(plain);
      last.resolved.push(resolved);
    } else stages.push({ kind: 'filters', steps: [plain], resolved: [resolved] });
  });
  return { stages, filters, hasGeometry: stages.some((s) => s.kind === 'geometry') };
}

/** True when the id names a geometry step rather than a filter. */
export function isGeometryStep(id: string): boolean {
  return getGeometry(id) !== undefined;
}

/** The size of the image after each stage, from its upright size (an upper bound where sharp rounds). */
export function stageSizes(plan: EditPlan, input: Size): Size[] {
  let size = input;
  return plan.stages.map((stage) => {
    if (stage.kind === 'geometry') size = stage.geometry.step.outputSize(size, stage.geometry.params);
    return size;
  });
}

/** The largest image the edit holds at one time, input included: what memory admission counts. */
export function largestSize(plan: EditPlan, input: Size): Size {
  return [input, ...stageSizes(plan, input)].reduce((a, b) =>
    b.width * b.height > a.width * a.height ? b : a,
  );
}

/**
 * Refuses geometry steps where only filters run: the benchmark and the Lab time the pool, and sharp's
 * resize or rotate is not pool work. `what` starts the sentence ("The benchmark").
 */
export function checkFiltersOnly(steps: readonly PipelineStep[], what: string): void {
  steps.forEach((step, stepIndex) => {
    if (step.enabled !== false && isGeometryStep(step.id)) {
      throw new PipelineError(
        `step ${stepIndex + 1} (${step.id}) changes the image's size or orientation, which sharp does outside the pool; ${what} times filters on the pool: disable or remove it here (the batch and the preview run it)`,
        { stepIndex, filterId: step.id },
      );
    }
  });
}

/** Every step with its parameters filled in (defaults) and `enabled` explicit, disabled ones included. */
export function filledSteps(steps: readonly PipelineStep[]): Required<PipelineStep>[] {
  return steps.map((step, stepIndex) => {
    const probe = { id: step.id, params: step.params };
    const params = isGeometryStep(step.id)
      ? (resolveGeometry(probe, stepIndex)?.params ?? {})
      : (resolveStep(probe, stepIndex, GEOMETRY_IDS)?.params ?? {});
    return { id: step.id, params, enabled: step.enabled !== false };
  });
}
