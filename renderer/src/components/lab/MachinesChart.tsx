import {
  CartesianGrid,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { LabMachinesResult } from '../../../../shared/lab';
import { useThemeColors } from '../../hooks/useThemeColors';
import { labChartTheme } from './lab-chart-theme';

/**
 * Throughput by number of worker hosts, with the interval of each count's speedup as its error bar, and
 * the dashed line one host's throughput times the hosts: what equal machines could give at most.
 */
export function MachinesChart({ result }: { result: LabMachinesResult }) {
  const colors = useThemeColors();
  const chart = labChartTheme(colors);
  const one = result.points.find((p) => p.hosts === 1)?.megapixelsPerSecond ?? 0;
  const data = result.points.map((p) => {
    const mps = Number(p.megapixelsPerSecond.toFixed(2));
    // The speedup's interval, as throughput: one host's rate times its low and high ends.
    const low = p.speedup ? one * p.speedup.low : mps;
    const high = p.speedup ? one * p.speedup.high : mps;
    return {
      hosts: p.hosts,
      mps,
      band: [Math.max(0, mps - low), Math.max(0, high - mps)],
      ideal: Number((one * p.hosts).toFixed(2)),
    };
  });
  return (
    <section className="card" aria-labelledby="lab-machines-chart-title" data-testid="lab-machines-chart">
      <h3 id="lab-machines-chart-title" className="card-title">
        Throughput by number of worker hosts
      </h3>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 24, right: 24, bottom: 8, left: 0 }}>
          <CartesianGrid {...chart.grid} />
          <XAxis
            type="number"
            dataKey="hosts"
            domain={[1, Math.max(2, result.points.length)]}
            ticks={data.map((d) => d.hosts)}
            allowDecimals={false}
            {...chart.axis}
            label={{
              value: 'hosts',
              position: 'insideBottomRight',
              offset: -4,
              fill: colors.muted,
              fontSize: 11,
            }}
          />
          <YAxis {...chart.axis} width={48} />
          <Tooltip
            {...chart.tooltip}
            formatter={(v, name) => [`${Number(v).toFixed(1)} MP/s`, String(name)]}
            labelFormatter={(h) => `${h} host${Number(h) === 1 ? '' : 's'}`}
          />
          <Legend wrapperStyle={{ fontSize: 12, color: colors.muted }} />
          <Line
            dataKey="ideal"
            name="One host × hosts"
            stroke={colors.ideal}
            strokeDasharray="5 4"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            dataKey="mps"
            name="Measured MP/s"
            stroke={colors.series[0]}
            strokeWidth={2}
            dot={{ r: 3 }}
            isAnimationActive={false}
          >
            <ErrorBar dataKey="band" width={6} stroke={colors.series[0]} direction="y" />
          </Line>
        </LineChart>
      </ResponsiveContainer>
      <p className="lab-race__axes muted">
        Megapixels edited and written per second by the whole batch (its median run) at each number of hosts;
        the bars, each count’s speedup interval over one host, as throughput.
      </p>
    </section>
  );
}
