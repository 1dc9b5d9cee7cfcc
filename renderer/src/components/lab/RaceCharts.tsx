import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { RACE_VARIANT_INFO, type RaceVariantName } from '../../../../shared/lab';
import type { LabRaceResult } from '../../api/types';
import { type ThemeColors, useThemeColors } from '../../hooks/useThemeColors';
import { labChartTheme } from './lab-chart-theme';
import { formatCount, formatMs, medianLost } from './race-figures';

/** The same colour for a variant in both charts: the one that loses counts in the warning colour. */
function variantColor(colors: ThemeColors, name: RaceVariantName): string {
  const slot: Record<RaceVariantName, string> = {
    unsynchronised: colors.warn,
    atomic: colors.series[0],
    lock: colors.series[1],
    private: colors.series[2],
  };
  return slot[name];
}

interface ChartProps {
  result: LabRaceResult;
  /** What each bar is, for the tooltip. */
  what: string;
  value(name: RaceVariantName): number;
  label(value: number): string;
  unit: string;
  /** Draw a zero as a stub, so that its bar and its "0" are seen (a count lost is the point). */
  showZero?: boolean;
}

/** One horizontal bar per variant. */
function VariantBars({ result, what, value, label, unit, showZero = false }: ChartProps) {
  const colors = useThemeColors();
  const data = result.variants.map((v) => ({
    name: RACE_VARIANT_INFO[v.name].title,
    value: value(v.name),
    color: variantColor(colors, v.name),
  }));
  const chart = labChartTheme(colors);
  return (
    <ResponsiveContainer width="100%" height={34 * data.length + 48}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 72, bottom: 4, left: 8 }}>
        <CartesianGrid {...chart.grid} horizontal={false} />
        <XAxis
          type="number"
          {...chart.axis}
          unit={unit}
          allowDecimals={false}
          tickFormatter={(v: number) => (v >= 10_000 ? `${Math.round(v / 1000)}k` : String(v))}
        />
        <YAxis type="category" dataKey="name" {...chart.axis} width={118} />
        <Tooltip {...chart.barTooltip} formatter={(v) => [label(Number(v)), what]} />
        <Bar {...chart.hbar} maxBarSize={22} minPointSize={showZero ? 3 : 0}>
          {data.map((d) => (
            <Cell key={d.name} fill={d.color} />
          ))}
          <LabelList {...chart.valueLabel} formatter={(v: unknown) => label(Number(v))} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Median time per variant, and counts lost per variant, side by side. */
export function RaceCharts({ result }: { result: LabRaceResult }) {
  const by = new Map(result.variants.map((v) => [v.name, v]));
  const runsWords = `median of ${result.runs} run${result.runs === 1 ? '' : 's'}`;
  return (
    <div className="lab-race__charts">
      <section className="card" aria-labelledby="lab-chart-ms-title" data-testid="lab-chart-ms">
        <h3 id="lab-chart-ms-title" className="card-title">
          Time per variant
        </h3>
        <VariantBars
          result={result}
          what="Median time"
          value={(name) => Number((by.get(name)?.ms ?? 0).toFixed(1))}
          label={(v) => `${formatMs(v)} ms`}
          unit=" ms"
        />
        <p className="lab-race__axes muted">
          Wall time from the start line to the last thread done, ms, {runsWords}. Shorter is faster.
        </p>
      </section>
      <section className="card" aria-labelledby="lab-chart-lost-title" data-testid="lab-chart-lost">
        <h3 id="lab-chart-lost-title" className="card-title">
          Counts lost per variant
        </h3>
        <VariantBars
          result={result}
          what="Counts lost"
          value={(name) => {
            const v = by.get(name);
            return v ? medianLost(v) : 0;
          }}
          label={(v) => formatCount(v)}
          unit=""
          showZero
        />
        <p className="lab-race__axes muted">
          Increments missing from the exact total of {formatCount(result.expected)}, {runsWords}. 0 is right.
        </p>
      </section>
    </div>
  );
}
