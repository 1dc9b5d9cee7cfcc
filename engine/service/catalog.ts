import type { Catalog, FilterCategory } from '../../shared/contract';
import { filters } from '../../workers/filters/index';

const CATEGORY_LABELS: Record<FilterCategory, string> = {
  color: 'Color',
  blur: 'Blur & sharpen',
  edge: 'Edges',
  stylize: 'Stylize',
};

/** The filter registry as plain data for the UI (which cannot import workers/). */
export function buildCatalog(): Catalog {
  const present = new Set(filters.map((f) => f.category));
  return {
    categories: (Object.keys(CATEGORY_LABELS) as FilterCategory[])
      .filter((id) => present.has(id))
      .map((id) => ({ id, label: CATEGORY_LABELS[id] })),
    filters: filters.map((f) => {
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
  };
}
