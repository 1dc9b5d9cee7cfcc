import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ErrorBar,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import {
  formatMbPerSecond,
  formatUs,
  type LabPipeResult,
  type LabPipeSpread,
  PIPE_CHANNEL_INFO,
  type PipeChannelName,
} from '../../../../shared/lab';
import { type ThemeColors, useThemeColors } from '../../hooks/useThemeColors';
import { labChartTheme } from './lab-chart-theme';

/** The same colour for a channel in both charts. */
function channelColor(colors: ThemeColors, name: PipeChannelName): string {
  const slot: Record<PipeChannelName, string> = {
    thread: colors.series[0],
    process: colors.series[1],
    queue: colors.series[2],
  };
  return slot[name];
}

interface ChartProps {
  result: LabPipeResult;
  /** What each bar is, for the tooltip. */
  what: string;
  spread(name: PipeChannelName): LabPipeSpread;
  label(value: number): string;
  unit: string;
}

/** One horizontal bar per channel: the median of the runs, a whisker from their min to their max. */
function ChannelBars({ result, what, spread, label, unit }: ChartProps) {
  const colors = useThemeColors();
  const data = result.channels.map((c) => {
    const s = spread(c.name);
    return {
      name:
        c.name === 'queue'
          ? `Queue, ${c.producers} writer${c.producers === 1 ? '' : 's'}`
          : PIPE_CHANNEL_INFO[c.name].title,
      value: s.median,
      range: [s.median - s.min, s.max - s.median],
      color: channelColor(colors, c.name),
    };
  });
  const chart = labChartTheme(colors);
  return (
    <ResponsiveContainer width="100%" height={40 * data.length + 48}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 84, bottom: 4, left: 8 }}>
        <CartesianGrid {...chart.grid} horizontal={false} />
        <XAxis
          type="number"
          {...chart.axis}
          unit={unit}
          tickFormatter={(v: number) => (v >= 10_000 ? `${Math.round(v / 1000)}k` : String(Math.round(v)))}
        />
        <YAxis type="category" dataKey="name" {...chart.axis} width={112} />
        <Tooltip {...chart.barTooltip} formatter={(v) => [label(Number(v)), what]} />
        <Bar {...chart.hbar} maxBarSize={22}>
          {data.map((d) => (
            <Cell key={d.name} fill={d.color} />
          ))}
          <ErrorBar
            dataKey="range"
            direction="x"
            stroke={colors.text}
            strokeWidth={1}
            width={6}
            isAnimationActive={false}
          />
          <LabelList
            dataKey="value"
            content={(props) => {
              // Past the whisker's end, not over it: the scale starts at 0, so the end is width x max / median.
              const { x, y, width, height, index } = props as {
                x: number;
                y: number;
                width: number;
                height: number;
                index: number;
              };
              const d = data[index];
              const end = d.value > 0 ? (width * (d.value + d.range[1])) / d.value : width;
              return (
                <text x={x + end + 8} y={y + height / 2} dy="0.35em" fill={colors.text} fontSize={11}>
                  {label(d.value)}
                </text>
              );
            }}
          />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Throughput per channel, and a small message's round trip per channel, side by side. */
export function PipeCharts({ result }: { result: LabPipeResult }) {
  const by = new Map(result.channels.map((c) => [c.name, c]));
  const runsWords = `median of ${result.runs} run${result.runs === 1 ? '' : 's'}, the whisker their range`;
  const empty: LabPipeSpread = { runs: [], median: 0, min: 0, max: 0 };
  return (
    <div className="lab-race__charts">
      <section className="card" aria-labelledby="lab-pipe-chart-mb-title" data-testid="lab-pipe-chart-mb">
        <h3 id="lab-pipe-chart-mb-title" className="card-title">
          Throughput per channel
        </h3>
        <ChannelBars
          result={result}
          what="Median MB/s"
          spread={(name) => by.get(name)?.mbPerSecond ?? empty}
          label={(v) => `${formatMbPerSecond(v)} MB/s`}
          unit=""
        />
        <p className="lab-race__axes muted">
          The photo’s pixels one way, MB/s (10⁶ bytes a second), {runsWords}. Longer is faster.
        </p>
      </section>
      <section className="card" aria-labelledby="lab-pipe-chart-rtt-title" data-testid="lab-pipe-chart-rtt">
        <h3 id="lab-pipe-chart-rtt-title" className="card-title">
          Round trip of a small message
        </h3>
        <ChannelBars
          result={result}
          what="Median round trip"
          spread={(name) => by.get(name)?.roundTripUs ?? empty}
          label={(v) => `${formatUs(v)} µs`}
          unit=""
        />
        <p className="lab-race__axes muted">
          There and back, µs, {runsWords} (queue: asking every producer to getting its put). Shorter is
          faster.
        </p>
      </section>
    </div>
  );
}
