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
import { type LabManagerResult, MANAGER_MODE_INFO, messageOverShared } from '../../../../shared/lab';
import { useThemeColors } from '../../hooks/useThemeColors';
import { labChartTheme } from './lab-chart-theme';
import { formatCount } from './race-figures';

/** Past this ratio the shared-memory bar would be a sliver on a linear axis: the axis goes logarithmic. */
export const LOG_SCALE_FROM = 20;

export function microseconds(us: number): string {
  return us >= 10
    ? `${us.toFixed(1)} µs`
    : us >= 0.1
      ? `${us.toFixed(2)} µs`
      : `${(us * 1000).toFixed(0)} ns`;
}

/**
 * A log axis over whole decades around the values, the lowest half a decade below the smallest, so the
 * cheaper bar keeps a length of its own (a bar starts at the axis' low end).
 */
export function logAxis(values: readonly number[]): { domain: [number, number]; ticks: number[] } {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return { domain: [0.1, 1], ticks: [0.1, 1] };
  const low = 10 ** Math.floor(Math.log10(Math.min(...positive)) - 0.5);
  const high = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  const decades = Math.round(Math.log10(high / low));
  return { domain: [low, high], ticks: Array.from({ length: decades + 1 }, (_, k) => low * 10 ** k) };
}

/** The cost per update of each mode, one bar each. */
export function ManagerCharts({ result }: { result: LabManagerResult }) {
  const colors = useThemeColors();
  const ratio = messageOverShared(result);
  const log = ratio !== null && ratio >= LOG_SCALE_FROM;
  const data = result.results.map((r) => ({
    mode: r.mode,
    name: MANAGER_MODE_INFO[r.mode].title,
    value: r.microsecondsPerUpdate,
  }));
  const { domain, ticks } = logAxis(data.map((d) => d.value));
  const chart = labChartTheme(colors);
  const slot = { message: colors.series[1], shared: colors.series[0] };
  return (
    <section className="card" aria-labelledby="lab-manager-chart-title" data-testid="lab-manager-chart">
      <h3 id="lab-manager-chart-title" className="card-title">
        Cost per update
      </h3>
      <ResponsiveContainer width="100%" height={34 * data.length + 56}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 80, bottom: 4, left: 8 }}>
          <CartesianGrid {...chart.grid} horizontal={false} />
          <XAxis
            type="number"
            {...chart.axis}
            scale={log ? 'log' : 'auto'}
            domain={log ? domain : [0, 'auto']}
            ticks={log ? ticks : undefined}
            tickFormatter={(v: number) => microseconds(v)}
          />
          <YAxis type="category" dataKey="name" {...chart.axis} width={124} />
          <Tooltip {...chart.barTooltip} formatter={(v) => [microseconds(Number(v)), 'per update']} />
          <Bar {...chart.hbar} maxBarSize={24}>
            {data.map((d) => (
              <Cell key={d.mode} fill={slot[d.mode]} />
            ))}
            <LabelList {...chart.valueLabel} formatter={(v: unknown) => microseconds(Number(v))} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <p className="lab-race__axes muted" data-testid="lab-manager-chart-note">
        Wall time until the main thread knew the final count, divided by the {formatCount(result.updates)}{' '}
        updates. Shorter is cheaper.
        {log
          ? ` Logarithmic axis: by message an update cost ${ratio?.toFixed(0)}× as much, which a linear axis would show as a sliver.`
          : ''}
      </p>
    </section>
  );
}
