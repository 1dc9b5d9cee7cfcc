import { useId, useMemo, useState } from 'react';
import { clockBound, type LabMachinesResult, laneName } from '../../../../shared/lab';
import { useElementWidth } from '../../hooks/useElementWidth';
import { IMAGE_COLORS } from '../../hooks/useThemeColors';
import { formatMs } from '../../lib/format';
import { niceTicks } from '../../lib/ticks';
import '../benchmark/WorkerTimeline.css';

const LANE = 20;
const GAP = 5;
const HEAD = 22;
const LABEL_W = 96;
const BUSY_W = 44;
const AXIS_H = 24;

interface Row {
  kind: 'host' | 'lane';
  host: string;
  worker: number;
  text: string;
  y: number;
}

/**
 * One host count's median run: a heading per host, then a lane per worker of its pool, each task of the
 * run a bar on its worker's lane, coloured by photo, on one time axis (Redis's clock) for every host.
 */
export function MachinesTimeline({ result }: { result: LabMachinesResult }) {
  const [box, width] = useElementWidth();
  const selectId = useId();
  const counts = result.timelines.map((t) => t.hosts);
  const [picked, setPicked] = useState<number | null>(null);
  const hosts = picked !== null && counts.includes(picked) ? picked : (counts[counts.length - 1] ?? 1);
  const timeline = result.timelines.find((t) => t.hosts === hosts);

  const view = useMemo(() => {
    if (!timeline) return null;
    const rows: Row[] = [];
    let y = 0;
    const busy = new Map<string, number>();
    for (const t of timeline.tasks) {
      const key = laneName(t.host, t.worker);
      busy.set(key, (busy.get(key) ?? 0) + (t.endMs - t.startMs));
    }
    for (const host of result.hosts.slice(0, timeline.hosts)) {
      const images = timeline.images.filter((i) => i.host === host.name).length;
      const kind = host.pool === 'threads' ? 'worker thread' : 'worker process';
      rows.push({
        kind: 'host',
        host: host.name,
        worker: -1,
        text: `${host.name}: ${images} photo${images === 1 ? '' : 's'}, ${host.workers} ${kind}${host.workers === 1 ? '' : kind.endsWith('s') ? 'es' : 's'}`,
        y,
      });
      y += HEAD;
      for (let worker = 0; worker < host.workers; worker++) {
        rows.push({ kind: 'lane', host: host.name, worker, text: `worker ${worker}`, y });
        y += LANE + GAP;
      }
    }
    return { rows, height: y + AXIS_H, busy };
  }, [timeline, result.hosts]);

  if (!timeline || !view) return null;
  const span = Math.max(timeline.ms, 0.001);
  const plotW = Math.max(120, width - LABEL_W - BUSY_W);
  const x = (ms: number) => LABEL_W + (ms / span) * plotW;
  const ticks = niceTicks(span, Math.max(2, Math.floor(plotW / 90)));
  const laneY = (host: string, worker: number) =>
    view.rows.find((r) => r.kind === 'lane' && r.host === host && r.worker === worker)?.y;
  const usedImages = [...new Set(timeline.images.map((i) => i.image))].sort((a, b) => a - b);
  const name = (image: number) => result.images[image]?.name ?? `photo ${image + 1}`;

  return (
    <section
      className="card"
      aria-labelledby="lab-machines-timeline-title"
      data-testid="lab-machines-timeline"
    >
      <h3 id="lab-machines-timeline-title" className="card-title">
        Every host’s workers on one timeline
      </h3>
      <div ref={box} className="timeline">
        <div className="timeline__bar">
          <label htmlFor={selectId}>Run</label>
          <select id={selectId} value={hosts} onChange={(e) => setPicked(Number(e.currentTarget.value))}>
            {counts.map((n) => (
              <option key={n} value={n}>
                {n} host{n === 1 ? '' : 's'}
              </option>
            ))}
          </select>
          <span className="muted num" data-testid="lab-machines-timeline-caption">
            the median run (round {timeline.round + 1} of {result.runs}) · {timeline.tasks.length} tasks ·{' '}
            {formatMs(timeline.ms)} from the first photo’s start to the last one’s end · times on Redis’s
            clock, within {clockBound(timeline.clockUncertaintyMs)}
          </span>
        </div>
        <div className="timeline__plot">
          <svg
            width={width}
            height={view.height}
            role="img"
            aria-label={`Timeline of the ${hosts}-host run: ${timeline.tasks.length} tasks on the workers of ${hosts} host${hosts === 1 ? '' : 's'} over ${formatMs(timeline.ms)}`}
          >
            {view.rows.map((row) =>
              row.kind === 'host' ? (
                <text
                  key={`h-${row.host}`}
                  x={0}
                  y={row.y + HEAD - 7}
                  className="timeline__host"
                  data-testid="lab-machines-host"
                >
                  {row.text}
                </text>
              ) : (
                <g
                  key={`l-${row.host}-${row.worker}`}
                  data-testid="lab-machines-lane"
                  data-lane={laneName(row.host, row.worker)}
                >
                  <text x={12} y={row.y + LANE / 2 + 4} className="timeline__lane-label">
                    {row.text}
                  </text>
                  <rect x={LABEL_W} y={row.y} width={plotW} height={LANE} className="timeline__lane" rx={3} />
                  <text x={LABEL_W + plotW + 6} y={row.y + LANE / 2 + 4} className="timeline__busy">
                    {Math.round(((view.busy.get(laneName(row.host, row.worker)) ?? 0) / span) * 100)}%
                  </text>
                </g>
              ),
            )}
            {ticks.map((t) => (
              <g key={t} className="timeline__tick">
                <line x1={x(t)} x2={x(t)} y1={0} y2={view.height - AXIS_H + 4} />
                <text x={x(t)} y={view.height - 6} textAnchor="middle">
                  {formatMs(t)}
                </text>
              </g>
            ))}
            {timeline.tasks.map((task, k) => {
              const y = laneY(task.host, task.worker);
              if (y === undefined) return null;
              const left = x(task.startMs);
              return (
                <rect
                  // Tasks have no id; their order within a timeline never changes.
                  // biome-ignore lint/suspicious/noArrayIndexKey: see above
                  key={k}
                  x={left}
                  y={y + 2}
                  width={Math.max(1, x(task.endMs) - left - 0.5)}
                  height={LANE - 4}
                  rx={2}
                  fill={IMAGE_COLORS[task.image % IMAGE_COLORS.length]}
                >
                  <title>{`${name(task.image)} on ${laneName(task.host, task.worker)}: ${formatMs(task.startMs)} → ${formatMs(task.endMs)} (${formatMs(task.endMs - task.startMs)})`}</title>
                </rect>
              );
            })}
          </svg>
        </div>
        <ul className="timeline__legend" aria-label="Photos">
          {usedImages.slice(0, 12).map((i) => (
            <li key={i}>
              <span
                className="timeline__swatch"
                style={{ background: IMAGE_COLORS[i % IMAGE_COLORS.length] }}
              />
              {name(i)}
            </li>
          ))}
          {usedImages.length > 12 ? <li className="muted">and {usedImages.length - 12} more</li> : null}
          <li className="muted">% = share of the run the worker was busy</li>
        </ul>
      </div>
    </section>
  );
}
