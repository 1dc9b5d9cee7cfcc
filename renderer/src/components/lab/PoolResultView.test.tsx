/**
 * The pool experiment's result as a user reads it, rendered to HTML and read back as text: each method's
 * total, range and first result, the error from the child with its worker-side frames, and the sentences.
 */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { POOL_RESULT } from '../../../../shared/lab/test-reports';
import { visibleText as text } from '../../lib/test-fixtures';
import { niceTicks } from './chart-ticks';
import { PoolResultView } from './PoolResultView';

describe('PoolResultView', () => {
  const html = renderToString(<PoolResultView result={POOL_RESULT} charts={false} />);
  const words = text(html);

  it('shows each method with its Python call, its median total, its rounds and its first result', () => {
    const rows = html
      .split('data-testid="lab-pool-row"')
      .slice(1)
      .map((row) => text(row.slice(row.indexOf('>') + 1, row.indexOf('</tr>'))).trim());
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatch(/^apply one photo at a time.* Pool\.apply 150 140–160 40\.0 1 2 3$/);
    expect(rows[2]).toMatch(/^map submits all; the whole list .* Pool\.map 120 118–130 120 1 2 3$/);
    expect(rows[3]).toMatch(/^imap .* Pool\.imap 115 112–117 20\.0 1 2 3$/);
    expect(rows[4]).toMatch(/^imap_unordered .* Pool\.imap_unordered 90\.0 88\.0–99\.0 25\.0 2 1 3$/);
    expect(words).toContain('20.0 vs 120 ms');
    expect(words).toContain('Result on 3 photos (sample photos)');
  });

  it("shows the child's error as the parent got it, the worker's frames marked", () => {
    expect(words).toContain('error callback called');
    expect(words).toContain('get() re-raised it');
    expect(words).toContain('2 frames from the worker’s file');
    const worker = html.split('lab-pool__frame lab-pool__frame--worker').slice(1);
    expect(worker).toHaveLength(2);
    expect(worker[1]).toContain('at checkStepsInWorker (/app/out/main/workers/filter.worker.js:2585:18)');
    expect(words).toContain('PipelineError: step 1 (gaussian-blur): parameter');
  });

  it('words the findings with the shared sentences', () => {
    expect(words).toContain('imap delivered its first result at 20 ms, map at 120 ms');
    expect(words).toContain('reached the parent as PipelineError');
  });
});

describe('niceTicks', () => {
  it('covers the longest time with round steps from 0', () => {
    expect(niceTicks(369)).toEqual([0, 100, 200, 300, 400]);
    expect(niceTicks(1696, 3)).toEqual([0, 1000, 2000]);
    expect(niceTicks(42)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });
});
