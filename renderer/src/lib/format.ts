/** Number formatting shared by every panel, so the same quantity always reads the same way. */

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(0)} ms`;
  return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
}

export function formatRate(mpPerSecond: number): string {
  if (!Number.isFinite(mpPerSecond)) return '–';
  return `${mpPerSecond >= 100 ? mpPerSecond.toFixed(0) : mpPerSecond.toFixed(1)} MP/s`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return `${m} min ${s.toString().padStart(2, '0')} s`;
}

export function formatFactor(x: number): string {
  return Number.isFinite(x) ? `${x.toFixed(2)}×` : '–';
}

export function formatPercent(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(0)}%` : '–';
}

/** The last segment of a path, whichever separator the host uses. */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** A spread as a percentage with one decimal below 10%: "3.1%", "18%". */
export function formatSpread(cv: number | null): string {
  if (cv === null || !Number.isFinite(cv)) return '–';
  const pct = cv * 100;
  return `${pct < 10 ? pct.toFixed(1) : pct.toFixed(0)}%`;
}
