import { chartTooltipStyle, type ThemeColors } from '../../hooks/useThemeColors';

/**
 * The props every lab chart gives its grid, axes, tooltip and value labels, in the theme's colours:
 * spread onto the recharts elements (which must stay their direct children, so no wrapper components).
 */
export function labChartTheme(colors: ThemeColors, tickSize = 12) {
  return {
    grid: { stroke: colors.grid, strokeDasharray: '3 3' },
    axis: { tick: { fill: colors.muted, fontSize: tickSize }, stroke: colors.border },
    tooltip: { contentStyle: chartTooltipStyle(colors) },
    /** A bar chart's tooltip: the hovered row shaded. */
    barTooltip: { cursor: { fill: colors.grid }, contentStyle: chartTooltipStyle(colors) },
    /** A horizontal bar of `value`, drawn at once, its far end rounded. */
    hbar: {
      dataKey: 'value',
      isAnimationActive: false,
      radius: [0, 4, 4, 0] as [number, number, number, number],
    },
    /** A horizontal bar's value, written past its end. */
    valueLabel: { dataKey: 'value', position: 'right' as const, fill: colors.text, fontSize: 11 },
  };
}

/** A time axis in ms from 0 to the last of `ticks` (niceTicks), at those ticks: the `ms` of each row. */
export function msAxis(ticks: readonly number[]) {
  return {
    type: 'number' as const,
    dataKey: 'ms',
    domain: [0, ticks[ticks.length - 1]],
    ticks: [...ticks],
    unit: ' ms',
    allowDecimals: false,
  };
}
