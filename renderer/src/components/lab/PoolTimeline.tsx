import {
  CartesianGrid,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
  ZAxis,
} from 'recharts';
import type { LabPoolResult, PoolMethod } from '../../../../shared/lab';
import { chartTooltipStyle, type ThemeColors, useThemeColors } from '../../hooks/useThemeColors';
import { niceTicks } from './chart-ticks';
import { labChartTheme, msAxis } from './lab-chart-theme';
import { formatMs } from './race-figures';

/** One colour per method, as CSS (the table's swatches, drawn without the chart's hook). */
export const METHOD_TOKEN: Record<PoolMethod, string> = {
  apply: 'var(--chart-4)',
  applyAsync: 'var(--chart-2)',
  map: 'var(--text)',
  imap: 'var(--chart-1)',
  imap_unordered: 'var(--chart-3)',
};

/** The same colours, resolved, for the chart (METHOD_TOKEN's order). */
export function methodColor(colors: ThemeColors, name: PoolMethod): string {
  const slot: Record<PoolMethod, string> = {
    apply: colors.series[3],
    applyAsync: colors.series[1],
    map: colors.text,
    imap: colors.series[0],
    imap_unordered: colors.series[2],
  };
  return slot[name];
}

interface Mark {
  ms: number;
  row: number;
  label: string;
  count: number;
}

/**
 * When each result reached the caller: one row per method, a mark at each arrival, on one time axis for
 * all, so imap's first mark sits far left of map's (all at once, at the end). Arrivals at one moment
 * (map's) are one larger mark.
 */
export function PoolTimeline({ result }: { result: LabPoolResult }) {
  const colors = useThemeColors();
  const ticks = niceTicks(Math.max(...result.methods.map((m) => m.totalMs)));
  const rows = result.methods.map((method, row) => {
    const byMoment = new Map<number, Mark>();
    for (const a of method.arrivals) {
      const ms = Number(a.ms.toFixed(1));
      const mark = byMoment.get(ms);
      if (mark) {
        mark.count++;
        mark.label += `, #${a.index + 1}`;
      } else byMoment.set(ms, { ms, row, label: `#${a.index + 1}`, count: 1 });
    }
    return { method, marks: [...byMoment.values()] };
  });
  const chart = labChartTheme(colors);
  return (
    <section className="card" aria-labelledby="lab-pool-timeline-title" data-testid="lab-pool-timeline">
      <h3 id="lab-pool-timeline-title" className="card-title">
        When each result reached the caller
      </h3>
      <ResponsiveContainer width="100%" height={44 * rows.length + 56}>
        <ScatterChart margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
          <CartesianGrid {...chart.grid} />
          <XAxis {...msAxis(ticks)} {...chart.axis} />
          <YAxis
            type="number"
            dataKey="row"
            domain={[-0.5, rows.length - 0.5]}
            ticks={rows.map((_, k) => k)}
            tickFormatter={(k: number) => rows[k]?.method.name ?? ''}
            reversed
            {...chart.axis}
            width={112}
          />
          <ZAxis
            type="number"
            dataKey="count"
            range={[70, 260]}
            domain={[1, Math.max(2, result.photos.length)]}
          />
          <Tooltip
            cursor={false}
            content={({ active, payload }) => {
              const mark = active ? (payload?.[0]?.payload as Mark | undefined) : undefined;
              if (!mark) return null;
              return (
                <div style={chartTooltipStyle(colors)} className="lab-pool__tip">
                  {rows[mark.row]?.method.name}: photo {mark.label} at {formatMs(mark.ms)} ms
                </div>
              );
            }}
          />
          {rows.map(({ method, marks }) => (
            <Scatter
              key={method.name}
              name={method.name}
              data={marks}
              fill={methodColor(colors, method.name)}
              isAnimationActive={false}
              data-testid="lab-pool-timeline-row"
            />
          ))}
        </ScatterChart>
      </ResponsiveContainer>
      <p className="lab-race__axes muted">
        ms from the method’s start to the moment the caller held each photo’s result, the median round of
        each; a larger mark is several results at once.
      </p>
    </section>
  );
}
