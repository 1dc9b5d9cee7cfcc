import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { batchThroughput, type TimeSaved, timeSaved } from '../../lib/batch-gain';
import { visibleText as text } from '../../lib/test-fixtures';
import { BatchGain } from './BatchGain';

const facts = { files: 8, megapixels: 98, elapsedMs: 5200, workers: 2 };
const bench = {
  jobId: 'j',
  pipelineKey: 'k',
  atMs: Date.parse('2026-01-01T10:42:00'),
  megapixels: 16,
  serialMpPerSecond: 70,
  jobSerialMpPerSecond: null,
  runs: [{ scope: 'filter' as const, workers: 2, transport: 'shared', speedup: 1.87 }],
};

const shown = (saved: TimeSaved) =>
  text(renderToString(<BatchGain facts={facts} throughput={batchThroughput(facts)} saved={saved} />));

describe('BatchGain', () => {
  it('shows the measured throughput and the estimated time saved, saying from which benchmark', () => {
    const t = shown(timeSaved(facts, bench, 'shared'));
    expect(t).toContain('18.8 MP/s · 1.54 files/s measured: 8 files, 98.0 MP in 5.20 s on 2 workers');
    // 98 MP / 70 MP/s = 1.4 s of filtering on one thread; at 1.87x that saves 0.65 s.
    expect(t).toContain('About 651 ms saved (estimate): one core would have taken about 5.85 s.');
    expect(t).toMatch(
      /From your benchmark of this pipeline at .*: 2 workers · shared at 1\.87× for the filter stage/,
    );
  });
  it('says what to do when there is no benchmark to estimate from', () => {
    const t = shown(timeSaved(facts, null, 'shared'));
    expect(t).toContain('Run a benchmark of this pipeline to see what the pool saved');
  });
});
