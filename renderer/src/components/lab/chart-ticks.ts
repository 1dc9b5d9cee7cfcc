/** Round ticks from 0 covering `max` (1, 2 or 5 times a power of ten apart, about `count` of them). */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks = [];
  for (let t = 0; t < max + step; t += step) ticks.push(Number(t.toFixed(6)));
  return ticks;
}
