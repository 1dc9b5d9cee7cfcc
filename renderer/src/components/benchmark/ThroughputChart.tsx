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
import { chartTooltipStyle, transportColor, useThemeColors } from '../../hooks/useThemeColors';
import { runLabel } from '../../lib/benchmark';
import type { RunModel } from '../../lib/report-adapter';

/** Roughly the width of one character of the axis labels (12 px), for the label column. */
const LABEL_CHAR_PX = 7;

/** Megapixels per second, one bar per run; serial and the sharp script in grey as references. */
export function ThroughputChart({ runs }: { runs: readonly RunModel[] }) {
  const colors = useThemeColors();
  const data = runs.map((r) => ({
    name: runLabel(r),
    mps: Number(r.megapixelsPerSecond.toFixed(1)),
    color: transportColor(colors, r.transport),
  }));
  const axis = { fill: colors.muted, fontSize: 12 };
  // The whole job's labels name the schedule too: widen the column rather than cut them.
  const labelWidth = Math.min(260, Math.max(130, ...data.map((d) => d.name.length * LABEL_CHAR_PX + 16)));
  return (
    <ResponsiveContainer width="100%" height={Math.max(160, 34 * data.length + 40)}>
      <BarChart data={data} layout="vertical" margin={{ top: 4, right: 48, bottom: 4, left: 8 }}>
        <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" tick={axis} stroke={colors.border} unit=" MP/s" />
        <YAxis type="category" dataKey="name" tick={axis} stroke={colors.border} width={labelWidth} />
        <Tooltip
          cursor={{ fill: colors.grid }}
          contentStyle={chartTooltipStyle(colors)}
          formatter={(v) => [`${v} MP/s`, 'Throughput']}
        />
        <Bar dataKey="mps" isAnimationActive={false} radius={[0, 4, 4, 0]} maxBarSize={22}>
          {data.map((d) => (
            <Cell key={d.name} fill={d.color} />
          ))}
          <LabelList dataKey="mps" position="right" fill={colors.text} fontSize={11} />
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  );
}
