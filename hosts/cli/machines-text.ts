/**
 * The machines experiment as text (`pixelpool bench --redis`, `pixelpool lab machines`): the throughput
 * table by number of worker hosts, and each host count's median run as lanes, one per pool worker,
 * grouped under their host. The sentences are shared/lab/machines.ts's, the app's too.
 */
import { laneBusyShare } from '../../engine/distributed/machines-report';
import {
  clockBound,
  type LabMachinesReport,
  laneName,
  type MachinesTimeline,
  machinesFindings,
  machinesIntro,
  machinesPointText,
} from '../../shared/lab/machines';
import { plural } from './format';

/** Characters of a lane's time axis. */
const LANE_WIDTH = 60;

export function formatMachinesTable(report: LabMachinesReport): string[] {
  const rows = report.points.map((p) => {
    const speedup =
      p.speedup === null
        ? '(reference)'
        : `${p.speedup.median.toFixed(2)}x  [${p.speedup.low.toFixed(2)}-${p.speedup.high.toFixed(2)}]`;
    return `${String(p.hosts).padStart(5)}  ${(p.ms / 1000).toFixed(2).padStart(8)} s  ${p.imagesPerSecond.toFixed(2).padStart(8)}  ${p.megapixelsPerSecond.toFixed(1).padStart(6)}  ${speedup}   ${p.runsMs.map((ms) => (ms / 1000).toFixed(2)).join(' ')}`;
  });
  return [
    'hosts  median time  images/s    MP/s  speedup [95%]  runs (s)',
    '-----  -----------  --------  ------  -------------  --------',
    ...rows,
    '',
    ...report.points.map((p) => machinesPointText(p, report.runs)),
  ];
}

/** One run's lanes: a bar where a worker ran a task, a dot where it waited. */
export function formatTimeline(report: LabMachinesReport, timeline: MachinesTimeline): string[] {
  const shares = laneBusyShare(timeline);
  const label = Math.max(...report.hosts.map((h) => laneName(h.name, h.workers - 1).length));
  const lines = [
    `Timeline of the median ${timeline.hosts}-host run (round ${timeline.round + 1}, ${(timeline.ms / 1000).toFixed(2)} s from the first job's start to the last one's end; every host's times on Redis's clock, within ${clockBound(timeline.clockUncertaintyMs)}):`,
  ];
  for (const host of report.hosts.slice(0, timeline.hosts)) {
    const images = timeline.images.filter((i) => i.host === host.name).length;
    const workers =
      host.pool === 'threads'
        ? plural(host.workers, 'worker thread')
        : plural(host.workers, 'worker process', 'worker processes');
    lines.push(`  ${host.name}: ${plural(images, 'image')}, ${workers}`);
    for (let worker = 0; worker < host.workers; worker++) {
      const cells = Array.from({ length: LANE_WIDTH }, () => '·');
      for (const task of timeline.tasks) {
        if (task.host !== host.name || task.worker !== worker || timeline.ms <= 0) continue;
        const from = Math.floor((task.startMs / timeline.ms) * LANE_WIDTH);
        const to = Math.max(from + 1, Math.ceil((task.endMs / timeline.ms) * LANE_WIDTH));
        for (let c = from; c < Math.min(to, LANE_WIDTH); c++) cells[c] = '█';
      }
      const busy = shares.get(`${host.name}\u0000${worker}`) ?? 0;
      lines.push(
        `    ${laneName(host.name, worker).padEnd(label)} |${cells.join('')}| ${Math.round(busy * 100)}% busy`,
      );
    }
  }
  return lines;
}

/** The whole report: the intro, the table, the warnings, and with `timelines` every count's lanes. */
export function formatMachines(report: LabMachinesReport, opts: { timelines: boolean }): string {
  const lines = [machinesIntro(report), '', ...formatMachinesTable(report)];
  if (opts.timelines) {
    for (const t of report.timelines) lines.push('', ...formatTimeline(report, t));
    lines.push('', ...machinesFindings(report));
  }
  for (const warning of report.warnings) lines.push('', warning);
  return `${lines.join('\n')}\n`;
}
