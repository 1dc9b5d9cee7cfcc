import type { Catalog, StepCategory } from '../../shared/contract';
import { filters } from '../../workers/filters/index';
import { geometrySteps } from '../geometry/index';

const CATEGORY_LABELS: Record<StepCategory, string> = {
  geometry: 'Size & orientation',
  color: 'Color',
  blur: 'Blur & sharpen',
  edge: 'Edges',
  stylize: 'Stylize',
};

/**
 * Every step a pipeline takes as plain data for the UI (which cannot import workers/ or engine/) and the
 * CLI's `pixelpool filters`: the geometry steps, then the filter registry, in catalogue order.
 */
export function buildCatalog(): Catalog {
  const steps: Catalog['filters'] = [
    ...geometrySteps.map((g) => ({
      id: g.id,
      label: g.label,
      category: g.category,
      description: g.description,
      params: g.params.map((p) => ({ ...p })),
      neighbourhood: false,
    })),
    ...filters.map((f) => {
      const defaults = Object.fromEntries(f.params.map((p) => [p.key, p.default]));
      return {
        id: f.id,
        label: f.label,
        category: f.category,
        description: f.description,
        params: f.params.map((p) => ({ ...p })),
        neighbourhood: f.radius(defaults) > 0,
      };
    }),
  ];
  const present = new Set(steps.map((f) => f.category));
  return {
    categories: (Object.keys(CATEGORY_LABELS) as StepCategory[])
      .filter((id) => present.has(id))
      .map((id) => ({ id, label: CATEGORY_LABELS[id] })),
    filters: steps,
  };
}
