import { filters } from '../../workers/filters/index';
import type { Filter, ParamSpec } from '../../workers/filters/types';

function describeParam(p: ParamSpec): string {
  const unit = p.unit ? ` ${p.unit}` : '';
  const kind = p.type === 'int' ? 'whole number' : 'number';
  return `${p.key}=<${kind}>  default ${p.default}${unit}, from ${p.min} to ${p.max}  ${p.description}`;
}

function example(filter: Filter): string {
  return [filter.id, ...filter.params.map((p) => `${p.key}=${p.default}`)].join(':');
}

/** The catalogue as text: every filter with its parameters, defaults and bounds. */
export function formatCatalogue(list: readonly Filter[] = filters): string {
  const lines = [
    `${list.length} filters. Write a pipeline as --filters "id:key=value,id", e.g. ${example(list[0])}`,
    '',
  ];
  for (const f of list) {
    lines.push(`${f.id}  (${f.category})  ${f.label}: ${f.description}`);
    if (f.params.length === 0) lines.push('    no parameters');
    for (const p of f.params) lines.push(`    ${describeParam(p)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The catalogue as JSON (the registry's data without the kernels). */
export function catalogueJson(list: readonly Filter[] = filters): string {
  const data = list.map(({ id, label, category, description, params }) => ({
    id,
    label,
    category,
    description,
    params,
  }));
  return `${JSON.stringify({ filters: data }, null, 2)}\n`;
}
