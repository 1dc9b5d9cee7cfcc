import { formatMs } from './race-figures';

/** The range of a figure's runs as the tables show it: "12.1–14.9", or the one value of a single run. */
export function rangeMs(values: readonly number[]): string {
  if (values.length === 0) return '–';
  const min = Math.min(...values);
  const max = Math.max(...values);
  return values.length === 1 ? formatMs(min) : `${formatMs(min)}–${formatMs(max)}`;
}

/** "3 runs" / "1 run". */
export function runsWords(n: number): string {
  return `${n} run${n === 1 ? '' : 's'}`;
}

/** a / b as a factor ("2.7×"), or "–" when b is 0 or a figure is missing. */
export function factor(a: number | null, b: number | null): string {
  return a === null || b === null || b <= 0 ? '–' : `${(a / b).toFixed(1)}×`;
}
