import { useEffect, useState } from 'react';

/** Chart colours from the design tokens, re-read when the OS switches between light and dark. */
export interface ThemeColors {
  series: string[];
  grid: string;
  ideal: string;
  text: string;
  muted: string;
  surface: string;
  border: string;
}

const TOKENS = {
  series: ['--chart-1', '--chart-2', '--chart-3', '--chart-4'],
  grid: '--chart-grid',
  ideal: '--chart-ideal',
  text: '--text',
  muted: '--text-muted',
  surface: '--surface',
  border: '--border',
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
  };
}

export function useThemeColors(): ThemeColors {
  const [colors, setColors] = useState(read);
  useEffect(() => {
    const query = window.matchMedia('(prefers-color-scheme: dark)');
    const update = () => setColors(read());
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return colors;
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
