import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  Legend,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { type LabProcessesResult, PROCESSES_KIND_INFO } from '../../../../shared/lab';
import { POOL_KINDS, type PoolKind } from '../../../../shared/pools';
import { type ThemeColors, useThemeColors } from '../../hooks/useThemeColors';
import { labChartTheme } from './lab-chart-theme';
import { formatMs } from './race-figures';

/** One colour per kind in every chart: threads the first series, processes the second. */
export function kindColor(colors: ThemeColors, kind: PoolKind): string {
  return kind === 'threads' ? colors.series[0] : colors.series[1];
}

interface PairProps {
  id: string;
  title: string;
  value(kind: PoolKind): number | null;
  label(value: number): string;
  note: string;
}

/** Threads against processes on one figure: two bars. */
function PairChart({ id, title, value, label, note }: PairProps) {
  const colors = useThemeColors();
  const data = POOL_KINDS.map((kind) => ({
    kind,
    name: PROCESSES_KIND_INFO[kind].title,
    value: value(kind) ?? 0,
  }));
  const chart = labChartTheme(colors);
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid={id}>
      <h3 id={`${id}-title`} className="card-title">
        {title}
      </h3>
      <ResponsiveContainer width="100%" height={120}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 64, bottom: 4, left: 8 }}>
          <CartesianGrid {...chart.grid} horizontal={false} />
          <XAxis type="number" {...chart.axis} />
          <YAxis type="category" dataKey="name" {...chart.axis} width={82} />
          <Tooltip {...chart.barTooltip} formatter={(v) => [label(Number(v)), title]} />
          <Bar {...chart.hbar} maxBarSize={22}>
            {data.map((d) => (
              <Cell key={d.kind} fill={kindColor(colors, d.kind)} />
            ))}
            <LabelList {...chart.valueLabel} formatter={(v: unknown) => label(Number(v))} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
      <p className="lab-race__axes muted">{note}</p>
    </section>
  );
}

/** The speedup over one worker of its own kind at every worker count measured, both kinds side by side. */
function SpeedupChart({ result }: { result: LabProcessesResult }) {
  const colors = useThemeColors();
  const data = result.threads.points.map((p, i) => ({
    workers: String(p.workers),
    threads: Number(p.speedup.toFixed(2)),
    processes: Number((result.processes.points[i]?.speedup ?? 0).toFixed(2)),
  }));
  const chart = labChartTheme(colors);
  return (
    <section
      className="card lab-procs__speedup"
      aria-labelledby="lab-procs-chart-speedup-title"
      data-testid="lab-procs-chart-speedup"
    >
      <h3 id="lab-procs-chart-speedup-title" className="card-title">
        Speedup by worker count
      </h3>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 18, right: 16, bottom: 4, left: 0 }} barGap={8}>
          <CartesianGrid {...chart.grid} vertical={false} />
          <XAxis
            dataKey="workers"
            {...chart.axis}
            label={{
              value: 'workers',
              position: 'insideBottomRight',
              offset: -2,
              fill: colors.muted,
              fontSize: 11,
            }}
          />
          <YAxis {...chart.axis} width={52} tickFormatter={(v: number) => `${v}×`} />
          <ReferenceLine y={1} stroke={colors.ideal} strokeDasharray="4 4" />
          <Tooltip
            {...chart.barTooltip}
            formatter={(v, name) => [`${Number(v).toFixed(2)}×`, String(name)]}
            labelFormatter={(w) => `${w} worker${w === '1' ? '' : 's'}`}
          />
          <Legend
            wrapperStyle={{ fontSize: 12, color: colors.muted }}
            itemSorter={(item) => POOL_KINDS.indexOf(item.dataKey as PoolKind)}
          />
          {POOL_KINDS.map((kind) => (
            <Bar
              key={kind}
              dataKey={kind}
              name={PROCESSES_KIND_INFO[kind].title}
              fill={kindColor(colors, kind)}
              isAnimationActive={false}
              radius={[4, 4, 0, 0]}
              maxBarSize={40}
            >
              <LabelList
                dataKey={kind}
                position="top"
                fill={colors.text}
                fontSize={10}
                formatter={(v: unknown) => `${Number(v).toFixed(2)}×`}
              />
            </Bar>
          ))}
        </BarChart>
      </ResponsiveContainer>
      <p className="lab-race__axes muted">
        The pipeline on every photo with N workers, against one worker of the same kind (median of{' '}
        {result.runs} run{result.runs === 1 ? '' : 's'}); the dashed line is 1×, no gain. On {result.cores}{' '}
        cores more workers than cores cannot add speed.
      </p>
    </section>
  );
}

/** Start-up, memory and round trip, threads against processes, then the speedup by worker count. */
export function ProcessesCharts({ result }: { result: LabProcessesResult }) {
  const ms = (v: number) => `${formatMs(v)} ms`;
  const runs = `median of ${result.runs} run${result.runs === 1 ? '' : 's'}`;
  return (
    <div className="lab-procs__charts">
      <div className="lab-race__charts">
        <PairChart
          id="lab-procs-chart-start"
          title="Start-up"
          value={(kind) => result[kind].startMs}
          label={ms}
          note={`A pool of ${result.workers} started, every worker ready, ms, ${runs}.`}
        />
        <PairChart
          id="lab-procs-chart-memory"
          title="Memory per idle worker"
          value={(kind) => result[kind].rssMbPerWorker}
          label={(v) => `${v.toFixed(1)} MB`}
          note="Resident memory each worker adds before any pixels arrive, MB."
        />
        <PairChart
          id="lab-procs-chart-trip"
          title="A photo’s round trip"
          value={(kind) => result[kind].roundTripMs}
          label={ms}
          note={`The largest photo to one worker and back, unchanged, ms, ${runs}.`}
        />
      </div>
      <SpeedupChart result={result} />
    </div>
  );
}
