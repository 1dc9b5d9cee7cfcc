import { geometrySteps } from '../../engine/geometry/index';
import { filters, PipelineError } from '../../workers/filters/index';

/** Every step id a pipeline takes: geometry steps and filters. */
const STEP_IDS = [...geometrySteps.map((g) => g.id), ...filters.map((f) => f.id)];

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** ' (did you mean "gaussian-blur"?)' for a misspelt step id, or '' when nothing is close. */
export function suggestionFor(err: unknown): string {
  if (!(err instanceof PipelineError) || !err.filterId || STEP_IDS.includes(err.filterId)) return '';
  const typo = err.filterId.toLowerCase();
  let best: { id: string; distance: number } | undefined;
  for (const id of STEP_IDS) {
    const distance = editDistance(typo, id);
    if (!best || distance < best.distance) best = { id, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(typo.length / 3))
    ? ` (did you mean "${best.id}"?)`
    : '';
}
