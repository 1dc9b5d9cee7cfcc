import { useEffect, useId, useMemo, useState } from 'react';
import type { BenchmarkSchedule, TaskSpan, Transport } from '../../api/types';
import { useElementWidth } from '../../hooks/useElementWidth';
import { IMAGE_COLORS } from '../../hooks/useThemeColors';
import { formatMs } from '../../lib/format';
import { niceTicks } from '../../lib/ticks';
import './WorkerTimeline.css';

interface Props {
  tasks: TaskSpan[];
  imageNames: string[];
  /** While a run is going, follow the newest configuration unless the user picked one. */
  live: boolean;
  /** The configuration to show first once the run is over (the fastest one). */
  preferred?: { workers: number; transport: Transport | null; schedule: BenchmarkSchedule | null } | null;
}

/**
 * The repetition to draw: the newest while the benchmark runs, else the median one by duration, the
 * same repetition the results table reports.
 */
function pickRound(spans: readonly TaskSpan[], live: boolean): { round: number; rounds: number } {
  const extent = new Map<number, { start: number; end: number }>();
  for (const s of spans) {
    const e = extent.get(s.round);
    if (!e) extent.set(s.round, { start: s.startMs, end: s.endMs });
    else {
      e.start = Math.min(e.start, s.startMs);
      e.end = Math.max(e.end, s.endMs);
    }
  }
  const rounds = [...extent.keys()].sort((a, b) => a - b);
  if (live) return { round: rounds[rounds.length - 1], rounds: rounds.length };
  const byDuration = rounds
    .map((round) => ({ round, ms: (extent.get(round)?.end ?? 0) - (extent.get(round)?.start ?? 0) }))
    .sort((a, b) => a.ms - b.ms);
  return { round: byDuration[Math.floor((byDuration.length - 1) / 2)].round, rounds: rounds.length };
}

const LANE = 22;
const GAP = 6;
const LABEL_W = 74;
const AXIS_H = 24;

/**
 * Each task of the pool as a bar on its worker's lane, coloured by image, time on x. Gaps in a lane are
 * a worker waiting (for work, or for the main thread to slice and reassemble strips).
 */
export function WorkerTimeline({ tasks, imageNames, live, preferred }: Props) {
  const [box, width] = useElementWidth();
  const selectId = useId();
  const runs = useMemo(() => [...new Set(tasks.map((t) => t.run))], [tasks]);
  const [picked, setPicked] = useState<string | null>(null);
  const fastest =
    !live && preferred
      ? tasks.find(
          (t) =>
            t.workers === preferred.workers &&
            t.transport === preferred.transport &&
            t.schedule === (preferred.schedule ?? 'strips'),
        )?.run
      : undefined;
  const run = picked && runs.includes(picked) ? picked : (fastest ?? runs[runs.length - 1] ?? null);

  useEffect(() => {
    if (live) setPicked(null);
  }, [live]);

  const view = useMemo(() => {
    const ofRun = tasks.filter((t) => t.run === run);
    if (ofRun.length === 0) return null;
    const { round, rounds } = pickRound(ofRun, live);
    const spans = ofRun.filter((t) => t.round === round);
    const lanes = [...new Set(spans.map((s) => s.workerId))].sort((a, b) => a - b);
    const t0 = Math.min(...spans.map((s) => s.startMs));
    const t1 = Math.max(...spans.map((s) => s.endMs));
    const busy = new Map<number, number>();
    for (const s of spans) busy.set(s.workerId, (busy.get(s.workerId) ?? 0) + (s.endMs - s.startMs));
    return { spans, lanes, t0, span: Math.max(t1 - t0, 0.001), busy, round, rounds };
  }, [tasks, run, live]);

  if (runs.length === 0 || !view) {
    return (
      <div ref={box} className="timeline">
        <p className="empty">The timeline fills in as the pool runs tasks.</p>
      </div>
    );
  }

  const plotW = Math.max(100, width - LABEL_W - 40);
  const height = view.lanes.length * (LANE + GAP) + AXIS_H;
  const x = (ms: number) => LABEL_W + ((ms - view.t0) / view.span) * plotW;
  const ticks = niceTicks(view.span, Math.max(2, Math.floor(plotW / 90)));
  const usedImages = [...new Set(view.spans.map((s) => s.imageIndex))].sort((a, b) => a - b);

  return (
    <div ref={box} className="timeline">
      <div className="timeline__bar">
        <label htmlFor={selectId}>Run</label>
        <select id={selectId} value={run ?? ''} onChange={(e) => setPicked(e.currentTarget.value)}>
          {runs.map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <span className="muted num">
          repetition {view.round + 1} of {view.rounds}
          {live ? '' : ' (the median)'} · {view.spans.length} tasks · {formatMs(view.span)}
        </span>
      </div>
      <div className="timeline__plot">
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={`Timeline of ${run}: ${view.spans.length} tasks on ${view.lanes.length} workers over ${formatMs(view.span)}`}
        >
          {view.lanes.map((lane, i) => {
            const y = i * (LANE + GAP);
            const share = (view.busy.get(lane) ?? 0) / view.span;
            return (
              <g key={lane}>
                <text x={0} y={y + LANE / 2 + 4} className="timeline__lane-label">
                  worker {lane}
                </text>
                <rect x={LABEL_W} y={y} width={plotW} height={LANE} className="timeline__lane" rx={3} />
                <text x={LABEL_W + plotW + 6} y={y + LANE / 2 + 4} className="timeline__busy">
                  {Math.round(share * 100)}%
                </text>
              </g>
            );
          })}
          {ticks.map((t) => (
            <g key={t} className="timeline__tick">
              <line x1={x(view.t0 + t)} x2={x(view.t0 + t)} y1={0} y2={height - AXIS_H + 4} />
              <text x={x(view.t0 + t)} y={height - 6} textAnchor="middle">
                {formatMs(t)}
              </text>
            </g>
          ))}
          {view.spans.map((s, k) => {
            const lane = view.lanes.indexOf(s.workerId);
            const left = x(s.startMs);
            return (
              <rect
                // Spans have no id; their order within a run never changes.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                key={k}
                x={left}
                y={lane * (LANE + GAP) + 2}
                width={Math.max(1, x(s.endMs) - left - 0.5)}
                height={LANE - 4}
                rx={2}
                fill={IMAGE_COLORS[s.imageIndex % IMAGE_COLORS.length]}
              >
                <title>
                  {`${imageNames[s.imageIndex] ?? `image ${s.imageIndex + 1}`} on worker ${s.workerId}: ${formatMs(s.startMs - view.t0)} → ${formatMs(s.endMs - view.t0)} (${formatMs(s.endMs - s.startMs)})`}
                </title>
              </rect>
            );
          })}
        </svg>
      </div>
      <ul className="timeline__legend" aria-label="Images">
        {usedImages.map((i) => (
          <li key={i}>
            <span
              className="timeline__swatch"
              style={{ background: IMAGE_COLORS[i % IMAGE_COLORS.length] }}
            />
            {imageNames[i] ?? `image ${i + 1}`}
          </li>
        ))}
        <li className="muted">% = share of the run the worker was busy</li>
      </ul>
    </div>
  );
}
