import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { capacityText, type LabQueueResult, type QueueCapacityResult } from '../../../../shared/lab';
import { useThemeColors } from '../../hooks/useThemeColors';
import { niceTicks } from './chart-ticks';
import { labChartTheme, msAxis } from './lab-chart-theme';

/** Both queues' depths at each sample, as one row per moment (they are sampled together). */
function depthRows(run: QueueCapacityResult): { ms: number; decoded: number; filtered: number }[] {
  return run.depths.decoded.map(([ms, decoded], k) => ({
    ms: Math.round(ms),
    decoded,
    filtered: run.depths.filtered[k]?.[1] ?? 0,
  }));
}

/** One capacity's run: both queues' depths over time, its capacity, and the DONE that ended it. */
function DepthChart({
  run,
  ticks,
  maxDepth,
}: {
  run: QueueCapacityResult;
  ticks: number[];
  maxDepth: number;
}) {
  const colors = useThemeColors();
  const chart = labChartTheme(colors, 11);
  return (
    <figure className="lab-queue__depth" data-testid="lab-queue-depth" data-capacity={run.capacity}>
      <figcaption className="lab-queue__depth-title">
        Capacity <strong>{capacityText(run.capacity)}</strong>
        <span className="muted">
          {' '}
          · deepest {run.maxDepths.decoded} / {run.maxDepths.filtered}
        </span>
      </figcaption>
      <ResponsiveContainer width="100%" height={170}>
        <LineChart data={depthRows(run)} margin={{ top: 16, right: 16, bottom: 0, left: -16 }}>
          <CartesianGrid {...chart.grid} />
          <XAxis {...msAxis(ticks)} {...chart.axis} />
          <YAxis type="number" domain={[0, maxDepth]} allowDecimals={false} {...chart.axis} />
          <Tooltip {...chart.tooltip} labelFormatter={(ms) => `${ms} ms`} />
          {run.capacity > 0 ? (
            <ReferenceLine
              y={run.capacity}
              stroke={colors.ideal}
              strokeDasharray="4 4"
              label={{ value: 'capacity', position: 'insideTopLeft', fill: colors.muted, fontSize: 10 }}
            />
          ) : null}
          {run.endedWithSentinel ? (
            <ReferenceLine
              x={Math.round(run.totalMs)}
              stroke={colors.text}
              label={{ value: 'DONE', position: 'top', fill: colors.text, fontSize: 10 }}
            />
          ) : null}
          <Line
            type="stepAfter"
            dataKey="decoded"
            name="decoded queue"
            stroke={colors.series[0]}
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            type="stepAfter"
            dataKey="filtered"
            name="filtered queue"
            stroke={colors.series[1]}
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

/** One bar per capacity, for memory or throughput. */
function CapacityBars({
  result,
  value,
  label,
  color,
}: {
  result: LabQueueResult;
  value(run: QueueCapacityResult): number;
  label(v: number): string;
  color: string;
}) {
  const colors = useThemeColors();
  const data = result.capacities.map((run) => ({ name: capacityText(run.capacity), value: value(run) }));
  const chart = labChartTheme(colors);
  return (
    <ResponsiveContainer width="100%" height={34 * data.length + 48}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 72, bottom: 4, left: 8 }}>
        <CartesianGrid {...chart.grid} horizontal={false} />
        <XAxis type="number" {...chart.axis} allowDecimals={false} />
        <YAxis type="category" dataKey="name" {...chart.axis} width={80} />
        <Tooltip {...chart.barTooltip} formatter={(v) => [label(Number(v)), 'capacity']} />
        <Bar {...chart.hbar} fill={color} maxBarSize={22}>
          <LabelList {...chart.valueLabel} formatter={(v: unknown) => label(Number(v))} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}

/** Every capacity's queue depths over time, then the memory each held and the throughput each got. */
export function QueueCharts({ result }: { result: LabQueueResult }) {
  const colors = useThemeColors();
  const ticks = niceTicks(Math.max(...result.capacities.map((r) => r.totalMs)), 4);
  const deepest = Math.max(
    1,
    ...result.capacities.flatMap((r) => [r.maxDepths.decoded, r.maxDepths.filtered]),
  );
  return (
    <>
      <section className="card" aria-labelledby="lab-queue-depths-title" data-testid="lab-queue-depths">
        <h3 id="lab-queue-depths-title" className="card-title">
          Queue depths over each run
        </h3>
        <div className="lab-queue__depths">
          {result.capacities.map((run) => (
            <DepthChart key={run.capacity} run={run} ticks={ticks} maxDepth={deepest} />
          ))}
        </div>
        <ul className="lab-queue__legend">
          <li>
            <span className="lab-queue__key" style={{ background: colors.series[0] }} /> decoded queue (decode
            → filter)
          </li>
          <li>
            <span className="lab-queue__key" style={{ background: colors.series[1] }} /> filtered queue
            (filter → encode)
          </li>
        </ul>
        <p className="lab-race__axes muted">
          Photos waiting in each queue, sampled every {result.sampleEveryMs} ms, one time axis for all;
          dashed: the capacity (a full queue makes put() wait); DONE: when the encoder took the sentinel and
          the run ended.
        </p>
      </section>
      <div className="lab-race__charts">
        <section className="card" aria-labelledby="lab-queue-mb-title" data-testid="lab-queue-memory">
          <h3 id="lab-queue-mb-title" className="card-title">
            Most memory held, per capacity
          </h3>
          <CapacityBars
            result={result}
            value={(run) => Math.round(run.peakBytes / 2 ** 20)}
            label={(v) => `${v} MB`}
            color={colors.series[2]}
          />
          <p className="lab-race__axes muted">
            Peak pixel bytes held at once, MB, one run each. Less is leaner.
          </p>
        </section>
        <section className="card" aria-labelledby="lab-queue-mps-title" data-testid="lab-queue-throughput">
          <h3 id="lab-queue-mps-title" className="card-title">
            Throughput, per capacity
          </h3>
          <CapacityBars
            result={result}
            value={(run) => Number(run.megapixelsPerSecond.toFixed(1))}
            label={(v) => `${v.toFixed(1)} MP/s`}
            color={colors.series[0]}
          />
          <p className="lab-race__axes muted">
            Megapixels through all three stages per second, one run each.
          </p>
        </section>
      </div>
    </>
  );
}
