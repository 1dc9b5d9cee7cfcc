import { buildCatalog } from '../../engine/service/catalog';
import type { FilterInfo, StepParamSpec } from '../../shared/contract';

function describeParam(p: StepParamSpec): string {
  if (p.type === 'choice') {
    return `${p.key}=<${p.options.map((o) => o.value).join('|')}>  default ${p.default}  ${p.description}`;
  }
  const unit = p.unit ? ` ${p.unit}` : '';
  const kind = p.type === 'int' ? 'whole number' : 'number';
  return `${p.key}=<${kind}>  default ${p.default}${unit}, from ${p.min} to ${p.max}  ${p.description}`;
}

/** The catalogue as text: every step (geometry steps, then filters) with its parameters, defaults and bounds. */
export function formatCatalogue(list: readonly FilterInfo[] = buildCatalog().filters): string {
  const example = 'resize:width=800,gaussian-blur:sigma=2';
  const lines = [
    `${list.length} steps. Write a pipeline as --filters "id:key=value,id", e.g. ${example}`,
    '',
  ];
  for (const f of list) {
    lines.push(`${f.id}  (${f.category})  ${f.label}: ${f.description}`);
    if (f.params.length === 0) lines.push('    no parameters');
    for (const p of f.params) lines.push(`    ${describeParam(p)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The catalogue as JSON: what the app's catalogue holds. */
export function catalogueJson(list: readonly FilterInfo[] = buildCatalog().filters): string {
  const data = list.map(({ id, label, category, description, params }) => ({
    id,
    label,
    category,
    description,
    params,
  }));
  return `${JSON.stringify({ filters: data }, null, 2)}\n`;
}
