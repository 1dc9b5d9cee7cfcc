/**
 * The queue experiment's result as a user reads it: per capacity its time, throughput, memory, deepest
 * queues and the sentinel, and the shared sentences.
 */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { QUEUE_RESULT } from '../../../../shared/lab/test-reports';
import { visibleText as text } from '../../lib/test-fixtures';
import { parseCapacityList } from './QueueExperiment';
import { QueueResultView } from './QueueResultView';

describe('QueueResultView', () => {
  const html = renderToString(<QueueResultView result={QUEUE_RESULT} charts={false} />);
  const words = text(html);

  it('shows each capacity with its time, MP/s, peak photos and MB, deepest queues and the sentinel', () => {
    const rows = html
      .split('data-testid="lab-queue-row"')
      .slice(1)
      .map((row) => text(row.slice(row.indexOf('>') + 1, row.indexOf('</tr>'))).trim());
    expect(rows).toEqual([
      '1 Queue(maxsize=1) 984 16.6 3 63 1 / 0 DONE',
      '4 Queue(maxsize=4) 953 17.2 4 78 3 / 0 DONE',
      'unbounded Queue(maxsize=0) 986 16.6 4 78 3 / 0 DONE',
    ]);
    expect(words).toContain('3 of 3 runs ended on the DONE sentinel');
    expect(words).toContain('Result on 4 photos');
  });

  it('words the findings with the shared sentences', () => {
    expect(words).toContain('Capacity 1 held at most 3 photos (63 MB) at once, unbounded 4 (78 MB)');
    expect(words).toContain('Throughput hardly moved');
  });
});

describe('parseCapacityList', () => {
  it('takes distinct whole numbers in bounds, and nothing else', () => {
    expect(parseCapacityList('1, 4, 0', 1000, 6)).toEqual([1, 4, 0]);
    expect(parseCapacityList('2', 1000, 6)).toEqual([2]);
    for (const bad of ['', '1,,2', '1,x', '-1', '1.5', '1,1', '1001', '1,2,3,4,5,6,7']) {
      expect(parseCapacityList(bad, 1000, 6), bad).toBeNull();
    }
  });
});
