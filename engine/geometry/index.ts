/** The geometry steps (types.ts says why sharp runs them), looked up by id, and their checks. */
import { checkEnabled, PipelineError, resolveParamValues } from '../../workers/filters/index';
import { crop } from './crop';
import { flip, flop, rotate } from './orientation';
import { resize } from './resize';
import type { GeometryStep, ResolvedGeometry } from './types';

export { cropRegion } from './crop';
export { MAX_SIDE } from './resize';
export type { GeometryParams, GeometryStep, ResolvedGeometry, Size } from './types';

/** In catalogue order. */
export const geometrySteps: readonly GeometryStep[] = [resize, crop, rotate, flip, flop];

const byId = new Map(geometrySteps.map((g) => [g.id, g]));

export function getGeometry(id: string): GeometryStep | undefined {
  return byId.get(id);
}

/**
 * Checks step `stepIndex`, a geometry step (`step.id` names one): parameters, then the rule across them.
 * Null when it is disabled (still checked, as filters are).
 */
export function resolveGeometry(
  step: { id: string; params?: unknown; enabled?: unknown },
  stepIndex: number,
): ResolvedGeometry | null {
  const geometry = byId.get(step.id);
  if (!geometry) throw new Error(`${step.id} is not a geometry step`);
  const params = resolveParamValues(geometry.id, geometry.params, step.params, stepIndex);
  const fault = geometry.check?.(params);
  if (fault) {
    throw new PipelineError(`step ${stepIndex + 1} (${geometry.id}): ${fault}`, {
      stepIndex,
      filterId: geometry.id,
    });
  }
  checkEnabled(step as Record<string, unknown>, stepIndex, geometry.id);
  return step.enabled === false ? null : { step: geometry, params };
}
