import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceDot,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { type LabCoresResult, stillHelping, stopWords } from '../../../../shared/lab';
import { useThemeColors } from '../../hooks/useThemeColors';
import { labChartTheme } from './lab-chart-theme';

/**
 * Throughput by worker count, with the cores marked and the count where adding workers stopped helping;
 * the dashed line is one worker's throughput times the workers, capped at the cores: what perfect
 * scaling would give.
 */
export function CoresCharts({ result }: { result: LabCoresResult }) {
  const colors = useThemeColors();
  const one = result.points[0]?.megapixelsPerSecond ?? 0;
  const data = result.points.map((p) => ({
    workers: p.workers,
    mps: Number(p.megapixelsPerSecond.toFixed(2)),
    ideal: Number((one * Math.min(p.workers, result.cores)).toFixed(2)),
  }));
  const stop = result.points.find((p) => p.workers === result.stopsHelpingAt);
  const chart = labChartTheme(colors);
  const max = result.points.length;
  return (
    <section className="card" aria-labelledby="lab-cores-chart-title" data-testid="lab-cores-chart">
      <h3 id="lab-cores-chart-title" className="card-title">
        Throughput by worker count
      </h3>
      <ResponsiveContainer width="100%" height={260}>
        <LineChart data={data} margin={{ top: 24, right: 24, bottom: 8, left: 0 }}>
          <CartesianGrid {...chart.grid} />
          <XAxis
            type="number"
            dataKey="workers"
            domain={[1, max]}
            ticks={data.map((d) => d.workers)}
            allowDecimals={false}
            {...chart.axis}
            label={{
              value: 'workers',
              position: 'insideBottomRight',
              offset: -4,
              fill: colors.muted,
              fontSize: 11,
            }}
          />
          <YAxis {...chart.axis} width={48} unit="" tickFormatter={(v: number) => `${v}`} />
          <Tooltip
            {...chart.tooltip}
            formatter={(v, name) => [`${Number(v).toFixed(1)} MP/s`, String(name)]}
            labelFormatter={(w) => `${w} worker${Number(w) === 1 ? '' : 's'}`}
          />
          <Legend wrapperStyle={{ fontSize: 12, color: colors.muted }} />
          <ReferenceLine
            x={result.cores}
            stroke={colors.muted}
            strokeDasharray="4 4"
            label={{ value: `${result.cores} cores`, position: 'top', fill: colors.muted, fontSize: 11 }}
          />
          <Line
            dataKey="ideal"
            name="Perfect scaling, up to the cores"
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
          />
          {stop ? (
            <ReferenceDot
              x={stop.workers}
              y={Number(stop.megapixelsPerSecond.toFixed(2))}
              r={7}
              fill="none"
              stroke={colors.warn}
              strokeWidth={2}
              label={{ value: stopWords(result), position: 'bottom', fill: colors.warn, fontSize: 11 }}
            />
          ) : null}
        </LineChart>
      </ResponsiveContainer>
      <p className="lab-race__axes muted">
        Megapixels filtered per second (median of {result.runs} run{result.runs === 1 ? '' : 's'}) at each
        pool size. The dashed vertical line marks the machine’s {result.cores} cores; the ring, where adding
        workers {stillHelping(result) ? 'still helped, at the largest pool' : 'stopped helping'}.
      </p>
    </section>
  );
}
