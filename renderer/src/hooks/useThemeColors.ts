import { useSyncExternalStore } from 'react';

/** Chart colours from the design tokens, re-read when the OS switches between light and dark. */
export interface ThemeColors {
  series: string[];
  grid: string;
  ideal: string;
  text: string;
  muted: string;
  surface: string;
  border: string;
  warn: string;
  warnSoft: string;
}

const TOKENS = {
  series: ['--chart-1', '--chart-2', '--chart-3', '--chart-4'],
  grid: '--chart-grid',
  ideal: '--chart-ideal',
  text: '--text',
  muted: '--text-muted',
  surface: '--surface',
  border: '--border',
  warn: '--warn',
  warnSoft: '--warn-soft',
} as const;

function read(): ThemeColors {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    series: TOKENS.series.map(v),
    grid: v(TOKENS.grid),
    ideal: v(TOKENS.ideal),
    text: v(TOKENS.text),
    muted: v(TOKENS.muted),
    surface: v(TOKENS.surface),
    border: v(TOKENS.border),
    warn: v(TOKENS.warn),
    warnSoft: v(TOKENS.warnSoft),
  };
}

// One copy for every chart: reading computed styles forces a style recalculation, so do it once per
// theme change, not once per chart mount.
let cached: ThemeColors | null = null;
const listeners = new Set<() => void>();
let query: MediaQueryList | null = null;

function subscribe(listener: () => void): () => void {
  if (!query) {
    query = window.matchMedia('(prefers-color-scheme: dark)');
    query.addEventListener('change', () => {
      cached = null;
      for (const l of listeners) l();
    });
  }
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function snapshot(): ThemeColors {
  cached ??= read();
  return cached;
}

export function useThemeColors(): ThemeColors {
  return useSyncExternalStore(subscribe, snapshot);
}

/** Distinct hues for images on the timeline, readable on both themes. */
export const IMAGE_COLORS = [
  '#5b7cfa',
  '#f08c3a',
  '#2fb37e',
  '#d65db1',
  '#e5c13b',
  '#4fb6d6',
  '#a974f0',
  '#e0605a',
];

const TRANSPORT_SLOT = { shared: 0, transfer: 1, copy: 2 } as const;

/** The same colour for a transport in every chart. */
export function transportColor(colors: ThemeColors, transport: keyof typeof TRANSPORT_SLOT | null): string {
  return transport ? colors.series[TRANSPORT_SLOT[transport]] : colors.ideal;
}

/** The tooltip box of every chart, in the theme's surface colours. */
export function chartTooltipStyle(colors: ThemeColors) {
  return { background: colors.surface, borderColor: colors.border, color: colors.text, fontSize: 12 };
}
