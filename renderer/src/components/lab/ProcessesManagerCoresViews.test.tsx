/**
 * The processes, manager and cores results as a user reads them, rendered to HTML and read back as text:
 * each figure with its unit and range, the Python APIs, the sentences, and the warnings of a busy machine
 * or noisy runs above them.
 */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { coresResult, managerResult, processesResult } from '../../../../shared/lab/test-fixtures';
import { visibleText as text } from '../../lib/test-fixtures';
import { CoresResultView } from './CoresResultView';
import { LOG_SCALE_FROM, logAxis, microseconds } from './ManagerCharts';
import { ManagerResultView } from './ManagerResultView';
import { ProcessesResultView } from './ProcessesResultView';

/** The visible text of each table row carrying `testId`. */
function rows(html: string, testId: string): string[] {
  return html
    .split(`data-testid="${testId}"`)
    .slice(1)
    .map((row) => text(row.slice(row.indexOf('>') + 1, row.indexOf('</tr>'))).trim());
}

describe('ProcessesResultView', () => {
  const html = renderToString(<ProcessesResultView result={processesResult} charts={false} />);
  const words = text(html);

  it('shows every figure for both kinds, its median with the range of its runs, and processes over threads', () => {
    const table = rows(html, 'lab-procs-row');
    expect(table).toHaveLength(6);
    expect(table[0]).toMatch(
      /^Start-up, ms a pool of 2 workers started.*median of 3 runs 50\.0 48\.0–55\.0 150 140–160 3\.0×$/,
    );
    expect(table[1]).toMatch(/^Memory per idle worker, MB .* 7\.0 43\.0 6\.1×$/);
    expect(table[2]).toMatch(/^Round trip, ms .* 20\.0 18\.0–22\.0 80\.0 72\.0–90\.0 4\.0×$/);
    expect(table[3]).toMatch(/^Pipeline on 1 worker, ms .* 400 390–410 800 790–810 2\.0×$/);
    expect(table[4]).toMatch(/^Pipeline on 2 workers, ms .* 205 200–210 500 480–520 2\.4×$/);
    expect(table[5]).toMatch(/^Speedup on 2 workers .* 1\.95× 1\.60× 0\.8×$/);
  });

  it('names the photos, the Python APIs and says the sentences', () => {
    expect(words).toContain('Result on 2 photos (sample photos)');
    expect(words).toContain('threading.Thread');
    expect(words).toContain('multiprocessing.Process');
    expect(words).toContain("A process took 3.0x a thread's time to start");
    expect(words).toContain('3.0× a process’s start-up, against a thread’s');
    expect(html).not.toContain('data-testid="lab-warnings"');
  });

  it('puts the warnings of a busy machine and of noisy runs above the figures', () => {
    const noisy = {
      ...processesResult,
      machine: { ...processesResult.machine, warnings: ['Busy machine: the load average was 7.'] },
      noise: {
        noisyAbove: 0.1,
        noisy: [{ figure: 'threads: round trip', runs: 3, median: 20, min: 10, max: 60, cv: 0.8 }],
      },
    };
    const busy = renderToString(<ProcessesResultView result={noisy} charts={false} />);
    const warnings = text(busy.slice(busy.indexOf('data-testid="lab-warnings"'), busy.indexOf('</section>')));
    expect(warnings).toContain('Read these figures with care');
    expect(warnings).toContain('Busy machine: the load average was 7.');
    expect(warnings).toContain('Noisy: the runs of one figure varied by more than 10%');
    expect(busy.indexOf('lab-warnings')).toBeLessThan(busy.indexOf('lab-procs-table'));
  });
});

describe('ManagerResultView', () => {
  const html = renderToString(<ManagerResultView result={managerResult} charts={false} />);
  const words = text(html);

  it('shows each mode with its Python API, what it counted, its time and its cost per update', () => {
    const table = rows(html, 'lab-manager-row');
    expect(table).toEqual([
      expect.stringMatching(/^By message .* multiprocessing\.Manager\(\)\.Value 2 000 20\.0 10\.0 µs$/),
      expect.stringMatching(/^Shared memory .* multiprocessing\.Value 2 000 1\.0 0\.50 µs$/),
    ]);
    expect(words).toContain('20.0× what an update cost by message, against one in shared memory');
    expect(words).toContain('By message each update cost 20.0x what it cost in shared memory.');
  });
});

describe('the manager chart', () => {
  it('goes logarithmic past 20x, over whole decades that leave the cheaper bar a length', () => {
    expect(LOG_SCALE_FROM).toBe(20);
    const { domain, ticks } = logAxis([12.5, 0.4]);
    // 0.4 µs sits 0.6 of a decade above the axis' low end, 12.5 µs just over a decade below its top.
    expect(domain[0]).toBeCloseTo(0.1, 12);
    expect(domain[1]).toBeCloseTo(100, 9);
    expect(ticks.map((t) => Number(t.toPrecision(1)))).toEqual([0.1, 1, 10, 100]);
    expect(logAxis([0.3, 0.3]).domain[0]).toBeCloseTo(0.01, 12);
  });

  it('writes a cost in µs, or in ns below a tenth of a µs', () => {
    expect([microseconds(12.34), microseconds(0.5), microseconds(0.07)]).toEqual([
      '12.3 µs',
      '0.50 µs',
      '70 ns',
    ]);
  });
});

describe('CoresResultView', () => {
  const html = renderToString(<CoresResultView result={coresResult} charts={false} />);
  const words = text(html);

  it('shows every pool size with its median, range, throughput and speedup, the cores and the stop marked', () => {
    expect(rows(html, 'lab-cores-row')).toEqual([
      '1 400 395–410 20.0 1.00×',
      '2 200 198–205 40.0 2.00× = cores · stopped helping',
      '3 198 198–210 40.4 2.02× more than the cores',
      '4 204 201–230 39.2 1.96× more than the cores',
    ]);
    expect(words).toContain('2 workers: where adding more stopped helping (2.00× one worker)');
    expect(words).toContain('40.4 MP/s at best, with 3 workers');
    expect(words).toContain("Python's Pool(processes=os.cpu_count()) is the same advice.");
    expect(words).toContain('Result on leaf.jpg');
    expect(words).not.toContain('sample photos');
  });
});
