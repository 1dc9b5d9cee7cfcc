/** Round tick positions (1, 2, 5 × 10^k apart) covering [0, span], at most about `count` of them. */
export function niceTicks(span: number, count: number): number[] {
  if (!(span > 0)) return [0];
  const raw = span / Math.max(1, count);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t <= span + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}
