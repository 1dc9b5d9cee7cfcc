import {
  CartesianGrid,
  ErrorBar,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { amdahlCurve } from '../../../../shared/amdahl';
import { BENCHMARK_SCHEDULE_INFO, BENCHMARK_SCHEDULES } from '../../../../shared/contract';
import { TRANSPORT_INFO } from '../../../../shared/transports';
import type { BenchmarkSchedule, Transport } from '../../api/types';
import { chartTooltipStyle, transportColor, useThemeColors } from '../../hooks/useThemeColors';
import type { AmdahlModel, RunModel } from '../../lib/report-adapter';
import { speedupAxis, speedupChartNotes, speedupTicks } from '../../lib/speedup-axis';
import './SpeedupChart.css';

const TRANSPORT_ORDER: Transport[] = ['shared', 'transfer', 'copy'];

interface Props {
  runs: readonly RunModel[];
  /** The machine's cores: the ideal line and the in-core axis stop there. */
  cores: number;
  amdahl: AmdahlModel | null;
}

interface Point {
  x: number;
  speedup: number;
  /** [below, above] the speedup: the whiskers of its 95% interval. */
  interval: [number, number];
}

interface BandLabelProps {
  viewBox?: { x?: number; y?: number; width?: number; height?: number };
  fill: string;
}

/** "more workers / than cores", written on the shaded band itself (two lines: the band can be narrow). */
function BandLabel({ viewBox, fill }: BandLabelProps) {
  const x = (viewBox?.x ?? 0) + (viewBox?.width ?? 0) / 2;
  const y = (viewBox?.y ?? 0) + 14;
  return (
    <text x={x} y={y} textAnchor="middle" fill={fill} fontSize={11} fontWeight={600}>
      <tspan x={x}>more workers</tspan>
      <tspan x={x} dy={13}>
        than cores
      </tspan>
    </text>
  );
}

interface DotProps {
  cx?: number;
  cy?: number;
}

/** The whole-images series' dots: squares, so the two schedules of one transport differ beyond the colour. */
function squareDot(color: string, fill: string) {
  return ({ cx, cy }: DotProps) =>
    cx === undefined || cy === undefined ? (
      <g />
    ) : (
      <rect x={cx - 4} y={cy - 4} width={8} height={8} fill={fill} stroke={color} strokeWidth={1.5} />
    );
}

/**
 * Measured speedup per transport (and, in the whole job, per schedule) against worker count, beside the
 * ideal (n×, up to the cores), the fitted Amdahl curve (when it can be trusted) and, in the whole job,
 * the sharp script it is compared with. Worker counts above the cores sit in a shaded band of their own,
 * labelled on the chart; whiskers show each speedup's 95% interval when there is one.
 */
export function SpeedupChart({ runs, cores, amdahl }: Props) {
  const colors = useThemeColors();
  const pool = runs.filter((r) => r.mode === 'pool');
  const scripts = runs.filter((r) => r.mode === 'reference').sort((a, b) => a.workers - b.workers);
  const axis = speedupAxis(
    pool.map((r) => r.workers),
    cores,
  );
  const transports = TRANSPORT_ORDER.filter((t) => pool.some((r) => r.transport === t));
  // One series per transport and schedule; the schedule is named only where both were measured.
  const schedules = BENCHMARK_SCHEDULES.filter((sc) => pool.some((r) => r.schedule === sc));
  const series = transports.flatMap((t) =>
    schedules.map((schedule): { transport: Transport; schedule: BenchmarkSchedule } => ({
      transport: t,
      schedule,
    })),
  );
  const point = (r: RunModel): Point => ({
    x: axis.position(r.workers),
    speedup: r.speedup,
    interval: r.speedupCI
      ? [Math.max(0, r.speedup - r.speedupCI[0]), Math.max(0, r.speedupCI[1] - r.speedup)]
      : [0, 0],
  });
  const highest = Math.max(
    1,
    ...[...pool, ...scripts].map((r) => Math.max(r.speedup, r.speedupCI?.[1] ?? 0)),
  );
  const y = speedupTicks(axis.inCoreEnd, highest);
  const withIntervals = pool.some((r) => r.speedupCI);
  const shownFit = amdahl?.trusted ? amdahl : null;
  const fitCurve = shownFit
    ? amdahlCurve(shownFit.serialFraction, axis.inCoreEnd).map((p) => ({ x: p.workers, speedup: p.speedup }))
    : null;
  const whiskers = (color: string) =>
    withIntervals ? (
      <ErrorBar dataKey="interval" width={6} strokeWidth={1.5} stroke={color} isAnimationActive={false} />
    ) : null;
  const tick = { fill: colors.muted, fontSize: 12 };
  const notes = speedupChartNotes(runs, axis, amdahl);

  return (
    <div className="speedup-chart">
      <ResponsiveContainer width="100%" height={300}>
        <LineChart margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
          <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
          {axis.band ? (
            <ReferenceArea
              x1={axis.band[0]}
              x2={axis.band[1]}
              y1={0}
              y2={y.max}
              fill={colors.warnSoft}
              fillOpacity={0.9}
              stroke={colors.warn}
              strokeOpacity={0.35}
              strokeDasharray="4 3"
              ifOverflow="hidden"
              label={<BandLabel fill={colors.warn} />}
            />
          ) : null}
          <XAxis
            type="number"
            dataKey="x"
            domain={axis.domain}
            ticks={axis.ticks}
            allowDataOverflow
            // Room for the dots at the first and last worker count, which the plot's edge would cut in half.
            padding={{ left: 12, right: 12 }}
            tick={tick}
            stroke={colors.border}
            tickFormatter={(v: number) => axis.label(v)}
          />
          <YAxis
            type="number"
            domain={[0, y.max]}
            ticks={y.ticks}
            tick={tick}
            stroke={colors.border}
            width={44}
            tickFormatter={(v: number) => `${v}×`}
          />
          <Tooltip
            contentStyle={chartTooltipStyle(colors)}
            labelFormatter={(v) => {
              const n = Number(v);
              return Number.isInteger(n) ? `${axis.label(n)} workers` : `${n.toFixed(2)} workers`;
            }}
            formatter={(v) => `${Number(v).toFixed(2)}×`}
          />
          <Legend wrapperStyle={{ fontSize: 12, color: colors.muted, paddingTop: 6 }} />
          <Line
            data={axis.ideal}
            dataKey="speedup"
            name={`Ideal (n×, up to ${axis.inCoreEnd})`}
            stroke={colors.ideal}
            strokeDasharray="6 4"
            dot={false}
            isAnimationActive={false}
          />
          {shownFit && fitCurve ? (
            <Line
              data={fitCurve}
              dataKey="speedup"
              name={`Amdahl fit (serial ${(shownFit.serialFraction * 100).toFixed(1)}%)`}
              stroke={colors.muted}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />
          ) : null}
          {scripts.length ? (
            <Line
              data={scripts.map(point)}
              dataKey="speedup"
              name="sharp script (files at once)"
              stroke={colors.muted}
              strokeWidth={1.5}
              strokeDasharray="2 3"
              dot={{ r: 4, strokeWidth: 1.5, stroke: colors.muted, fill: colors.surface }}
              isAnimationActive={false}
            >
              {whiskers(colors.muted)}
            </Line>
          ) : null}
          {series.flatMap(({ transport: t, schedule }) => {
            const mine = pool
              .filter((r) => r.transport === t && r.schedule === schedule)
              .sort((a, b) => a.workers - b.workers);
            const inCore = mine.filter((r) => !r.oversubscribed).map(point);
            const over = mine.filter((r) => r.oversubscribed).map(point);
            const color = transportColor(colors, t);
            const key = `${t}-${schedule}`;
            const whole = schedule === 'images';
            const named =
              schedules.length > 1
                ? `${TRANSPORT_INFO[t].title.toLowerCase()} · ${BENCHMARK_SCHEDULE_INFO[schedule].title}`
                : TRANSPORT_INFO[t].title.toLowerCase();
            const lines = [
              <Line
                key={key}
                data={inCore}
                dataKey="speedup"
                name={`Measured · ${named}`}
                stroke={color}
                strokeWidth={whole ? 1.5 : 2.5}
                dot={whole ? squareDot(color, colors.surface) : { r: 4, strokeWidth: 0, fill: color }}
                isAnimationActive={false}
              >
                {whiskers(color)}
              </Line>,
            ];
            // Drawn first, so the solid line's filled dot at the last in-core count covers the join.
            if (over.length) {
              lines.unshift(
                <Line
                  key={`${key}-over`}
                  data={inCore.length ? [inCore[inCore.length - 1], ...over] : over}
                  dataKey="speedup"
                  name={`${named} (more workers than cores)`}
                  legendType="none"
                  stroke={color}
                  strokeWidth={1.5}
                  strokeDasharray="3 4"
                  dot={{ r: 4, strokeWidth: 1.5, stroke: color, fill: colors.surface }}
                  isAnimationActive={false}
                >
                  {whiskers(color)}
                </Line>,
              );
            }
            return lines;
          })}
        </LineChart>
      </ResponsiveContainer>
      <ul className="speedup-chart__notes" data-testid="speedup-notes">
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}
