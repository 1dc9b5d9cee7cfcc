import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { amdahlCurve } from '../../../../shared/amdahl';
import { TRANSPORT_INFO } from '../../../../shared/transports';
import type { BenchmarkReportView, Transport } from '../../api/types';
import { chartTooltipStyle, transportColor, useThemeColors } from '../../hooks/useThemeColors';

const TRANSPORT_ORDER: Transport[] = ['shared', 'transfer', 'copy'];

/** Measured speedup per transport against worker count, beside the ideal (n×) and the fitted Amdahl curve. */
export function SpeedupChart({ report }: { report: BenchmarkReportView }) {
  const colors = useThemeColors();
  const pool = report.runs.filter((r) => r.mode === 'pool');
  const maxWorkers = Math.max(2, ...pool.map((r) => r.workers));
  const transports = TRANSPORT_ORDER.filter((t) => pool.some((r) => r.transport === t));
  const maxSpeedup = Math.max(1, ...pool.map((r) => r.speedup));
  const yMax = Math.ceil(Math.max(maxSpeedup, Math.min(maxWorkers, maxSpeedup * 1.6)) + 0.25);
  // Whole-number ticks (0×, 1×, 2×…) read better than a library's 0.75 steps.
  const yStep = yMax > 10 ? 2 : 1;
  const yTicks = Array.from({ length: Math.floor(yMax / yStep) + 1 }, (_, i) => i * yStep);
  const ideal = [
    { workers: 1, speedup: 1 },
    { workers: maxWorkers, speedup: maxWorkers },
  ];
  const fit = report.amdahl;
  const amdahl = fit ? amdahlCurve(fit.serialFraction, maxWorkers) : null;
  const axis = { stroke: colors.muted, fontSize: 12 };

  return (
    <ResponsiveContainer width="100%" height={300}>
      <LineChart margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
        <XAxis
          type="number"
          dataKey="workers"
          domain={[1, maxWorkers]}
          allowDecimals={false}
          tickCount={Math.min(maxWorkers, 9)}
          tick={axis}
          stroke={colors.border}
        />
        <YAxis
          type="number"
          domain={[0, yMax]}
          ticks={yTicks}
          tick={axis}
          stroke={colors.border}
          width={44}
          tickFormatter={(v: number) => `${v}×`}
        />
        <Tooltip
          contentStyle={chartTooltipStyle(colors)}
          labelFormatter={(v) => `${Number(v).toFixed(Number.isInteger(Number(v)) ? 0 : 2)} workers`}
          formatter={(v) => `${Number(v).toFixed(2)}×`}
        />
        <Legend wrapperStyle={{ fontSize: 12, color: colors.muted, paddingTop: 6 }} />
        <Line
          data={ideal}
          dataKey="speedup"
          name="Ideal (n×)"
          stroke={colors.ideal}
          strokeDasharray="6 4"
          dot={false}
          isAnimationActive={false}
        />
        {fit && amdahl ? (
          <Line
            data={amdahl}
            dataKey="speedup"
            name={`Amdahl fit (serial ${(fit.serialFraction * 100).toFixed(1)}%)`}
            stroke={colors.muted}
            strokeWidth={1.5}
            dot={false}
            isAnimationActive={false}
          />
        ) : null}
        {transports.map((t) => (
          <Line
            key={t}
            data={pool.filter((r) => r.transport === t).sort((a, b) => a.workers - b.workers)}
            dataKey="speedup"
            name={`Measured · ${TRANSPORT_INFO[t].title.toLowerCase()}`}
            stroke={transportColor(colors, t)}
            strokeWidth={2.5}
            dot={{ r: 4, strokeWidth: 0, fill: transportColor(colors, t) }}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
