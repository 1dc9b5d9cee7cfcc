/**
 * The machines experiment's result as a user reads it, rendered to HTML and read back: each host count's
 * row with its speedup and interval, the timeline's lanes grouped under their hosts in name order with
 * their busy shares, and the findings, from a result whose figures are known.
 */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { LabMachinesResult } from '../../../../shared/lab';
import { visibleText as text } from '../../lib/test-fixtures';
import { parseHostCounts } from './MachinesExperiment';
import { MachinesResultView } from './MachinesResultView';
import { MachinesTimeline } from './MachinesTimeline';

const host = (name: string, workers: number) => ({
  name,
  workers,
  pool: 'threads' as const,
  cores: 2,
  jobs: 2,
});
const RESULT: LabMachinesResult = {
  experiment: 'machines',
  images: [
    { name: 'a.jpg', sample: false },
    { name: 'b.jpg', sample: false },
    { name: 'c.jpg', sample: false },
    { name: 'd.jpg', sample: false },
  ],
  cores: 2,
  filters: 'gaussian-blur:sigma=3',
  megapixels: 16,
  runs: 3,
  warmUp: true,
  hosts: [host('alpha', 2), host('beta', 1)],
  points: [
    {
      hosts: 1,
      names: ['alpha'],
      runsMs: [2000, 2100, 1900],
      ms: 2000,
      imagesPerSecond: 2,
      megapixelsPerSecond: 8,
      speedup: null,
    },
    {
      hosts: 2,
      names: ['alpha', 'beta'],
      runsMs: [1100, 1000, 1050],
      ms: 1050,
      imagesPerSecond: 4 / 1.05,
      megapixelsPerSecond: 16 / 1.05,
      speedup: { median: 1.9, low: 1.82, high: 1.95, pairs: [1.82, 2.1, 1.9] },
    },
  ],
  history: [
    {
      hosts: 2,
      round: 0,
      ms: 1100,
      imagesPerSecond: 0,
      megapixelsPerSecond: 0,
      shares: [
        { name: 'alpha', images: 3, megapixels: 12 },
        { name: 'beta', images: 1, megapixels: 4 },
      ],
    },
  ],
  timelines: [
    {
      hosts: 1,
      round: 0,
      ms: 2000,
      images: [{ host: 'alpha', image: 0, startMs: 0, endMs: 2000 }],
      tasks: [{ host: 'alpha', worker: 0, image: 0, startMs: 0, endMs: 1000 }],
      clockUncertaintyMs: 0.04,
    },
    {
      hosts: 2,
      round: 2,
      ms: 1000,
      images: [
        { host: 'beta', image: 0, startMs: 0, endMs: 900 },
        { host: 'alpha', image: 1, startMs: 100, endMs: 1000 },
      ],
      tasks: [
        { host: 'beta', worker: 0, image: 0, startMs: 100, endMs: 600 },
        { host: 'alpha', worker: 1, image: 1, startMs: 200, endMs: 450 },
        { host: 'alpha', worker: 0, image: 1, startMs: 200, endMs: 300 },
      ],
      clockUncertaintyMs: 1.23,
    },
  ],
  warnings: [
    'The hosts differ (alpha: 2 worker threads, beta: 1 worker threads): a count’s speedup depends on which hosts it adds, in name order.',
  ],
};

describe('MachinesResultView', () => {
  const html = renderToString(<MachinesResultView result={RESULT} charts={false} />);
  const words = text(html);
  const rows = html
    .split('data-testid="lab-machines-row"')
    .slice(1)
    .map((row) => text(row.slice(row.indexOf('>') + 1, row.indexOf('</tr>'))).trim());

  it('shows each host count with its time, range, throughput and speedup with its interval', () => {
    expect(rows).toEqual([
      '1 2.00 1.90–2.10 2.00 8.0 reference on alpha',
      '2 1.05 1.00–1.10 3.81 15.2 1.90× [1.82–1.95] 1.82× 2.10× 1.90×',
    ]);
    expect(words).toContain('1.90×');
    expect(words).toContain('one host’s throughput with 2 hosts (95% interval 1.82–1.95×; at most 2×)');
    expect(words).toContain('The hosts differ');
  });

  it('words the findings: the share of k times one host, and an uneven share-out explained', () => {
    expect(words).toContain(
      "2 hosts gave 1.90x one host's throughput, 95% of the 2x that 2 equal machines could give at most.",
    );
    expect(words).toContain('a host got as few as 1 of 4');
    expect(words).toContain('each host takes up to 2 photos from the queue at once');
  });
});

describe('MachinesTimeline', () => {
  const html = renderToString(<MachinesTimeline result={RESULT} />);

  it('draws the widest run: a heading per host in name order, then a lane per worker with its busy share', () => {
    const heads = [...html.matchAll(/data-testid="lab-machines-host"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(heads).toEqual(['alpha: 1 photo, 2 worker threads', 'beta: 1 photo, 1 worker thread']);
    const lanes = [...html.matchAll(/data-lane="([^"]*)"/g)].map((m) => m[1]);
    expect(lanes).toEqual(['alpha · worker 0', 'alpha · worker 1', 'beta · worker 0']);
    // Busy: alpha 0 ran 100 of 1000 ms, alpha 1 250, beta 0 500.
    const busy = [...html.matchAll(/class="timeline__busy"[^>]*>(\d+)(?:<!-- -->)?%</g)].map((m) =>
      Number(m[1]),
    );
    expect(busy).toEqual([10, 25, 50]);
    expect(text(html)).toContain('within ±1.3 ms');
    expect(text(html)).toContain('round 3 of 3');
    expect((html.match(/<rect[^>]*fill="/g) ?? []).length).toBe(3);
  });
});

describe('parseHostCounts', () => {
  it('takes a comma list of counts, none for every count, and words a bad one', () => {
    expect(parseHostCounts('')).toBeUndefined();
    expect(parseHostCounts(' 1, 2,2 ')).toEqual([1, 2]);
    expect(parseHostCounts('0,2')).toMatch(/^Host counts must be whole numbers from 1 to 16/);
    expect(parseHostCounts('1.5')).toMatch(/^Host counts must/);
  });
});
