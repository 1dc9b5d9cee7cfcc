/** The median of a non-empty list (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Index of the sample closest to the median: its breakdown is the one reported. */
export function medianIndex(values: readonly number[]): number {
  const m = median(values);
  let best = 0;
  for (let i = 1; i < values.length; i++) if (Math.abs(values[i] - m) < Math.abs(values[best] - m)) best = i;
  return best;
}
