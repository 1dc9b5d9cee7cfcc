/**
 * The benchmark panel's plain-props components, rendered to HTML as a story would show them, and read
 * back as text: what a user sees must be there in words, not only in a tooltip or a colour.
 */
import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { readReport } from '../../lib/report-adapter';
import {
  fakeReport,
  fakeRun,
  fakeScriptReference,
  fakeScriptRun,
  fakeSerial,
  visibleText as text,
} from '../../lib/test-fixtures';
import { splitView } from '../../lib/time-split';
import { type BenchmarkChoice, withPool } from './BenchmarkForm';
import { ResultsTable } from './ResultsTable';
import { RunEstimate } from './RunEstimate';
import { ScriptReference } from './ScriptReference';
import { StaleBanner } from './StaleBanner';
import { TimeSplitBar } from './TimeSplitBar';
import { WarningsList } from './WarningsList';

const serial = { ...fakeSerial, samplesMs: [178, 180, 183] };

describe('StaleBanner', () => {
  const props = {
    measuredWith: 'sobel on 2 images (16.0 MP)',
    onRerun: () => {},
    onCancel: () => {},
    rerunProblem: null,
    running: false,
  };
  it('is an empty live region while the results are current', () => {
    const html = renderToString(<StaleBanner reasons={[]} {...props} />);
    expect(html).toContain('aria-live="polite"');
    expect(text(html)).toBe('');
  });
  it('says what changed and offers the re-run', () => {
    const html = renderToString(
      <StaleBanner
        reasons={[
          { kind: 'pipeline', summary: 'pipeline changed', detail: 'measured sobel, now emboss' },
          {
            kind: 'images',
            summary: 'images changed',
            detail: 'no images now (the 2 measured were removed)',
          },
        ]}
        {...props}
      />,
    );
    const t = text(html);
    expect(t).toContain('Stale These results no longer match your setup: pipeline changed, images changed.');
    expect(t).toContain('pipeline changed: measured sobel, now emboss');
    expect(t).toContain('Measured with sobel on 2 images (16.0 MP).');
    expect(t).toContain('Re-run with current settings');
  });
  it('says why the re-run cannot start', () => {
    const html = renderToString(
      <StaleBanner
        reasons={[{ kind: 'images', summary: 'images changed', detail: 'x' }]}
        {...props}
        rerunProblem="Add at least one image on the Images panel."
      />,
    );
    expect(html).toMatch(/<button[^>]*disabled=""/);
    expect(text(html)).toContain('Add at least one image on the Images panel.');
  });
});

describe('ResultsTable', () => {
  it('shows the spread, the interval and each run\u2019s warnings in words', () => {
    const report = fakeReport([
      { ...serial, cv: 0.008, minMs: 178, maxMs: 183 },
      fakeRun({
        speedup: 1.86,
        medianMs: 97,
        speedupCI: [1.8, 1.91],
        cv: 0.031,
        minMs: 95,
        maxMs: 104,
        outliers: 1,
        warnings: ['Noisy, says the engine.'],
      }),
    ]);
    const model = readReport(report, 2);
    const t = text(renderToString(<ResultsTable runs={model.runs.filter} scopeLabel="the filter stage" />));
    expect(t).toContain('Speedup (95%)');
    expect(t).toContain('1.86× (1.80–1.91)');
    expect(t).toContain('±3.1% 95 ms–104 ms · 1 outlier');
    expect(t).toContain('Noisy, says the engine.');
  });
  it('marks oversubscribed runs; one pair gives no interval', () => {
    const model = readReport(
      fakeReport([
        serial,
        fakeRun({ workers: 1, speedup: 1.05, efficiency: 1.05, pairs: 1 }),
        fakeRun({
          workers: 4,
          speedup: 1.7,
          efficiency: 0.43,
          pairs: 1,
          warnings: ['4 workers on 2 cores.'],
        }),
      ]),
      2,
    );
    const html = renderToString(<ResultsTable runs={model.runs.filter} scopeLabel="the filter stage" />);
    const t = text(html);
    expect(t).not.toContain('(95%)');
    expect(t).toContain('4 over cores');
    expect(t).toContain('4 workers on 2 cores.');
    expect(html.match(/data-testid="results-row"/g)).toHaveLength(3);
  });
});

describe('ResultsTable of the whole job', () => {
  it('says each pool run’s schedule and shows the sharp script as a reference row', () => {
    const job = { scope: 'job' as const };
    const model = readReport(
      fakeReport([
        { ...serial, ...job },
        fakeRun({ ...job, speedup: 1.5 }),
        fakeRun({ ...job, schedule: 'images', speedup: 1.6 }),
        fakeScriptRun({ workers: 2, medianMs: 80 }),
      ]),
      2,
    );
    const html = renderToString(<ResultsTable runs={model.runs.job} scopeLabel="the whole job" />);
    const t = text(html);
    expect(t).toContain('Transportand schedule');
    expect(t).toMatch(/Pool fastest 2 sharedstrips /);
    expect(t).toMatch(/Pool 2 sharedwhole images /);
    expect(t).toMatch(/sharp scriptreference 2 at once — 80 ms/);
    expect(html).toContain('data-mode="reference"');
    expect(html).toContain('data-schedule="images"');
    // The filter stage has one schedule: no column for it.
    const filter = readReport(fakeReport([serial, fakeRun({})]), 2);
    expect(text(renderToString(<ResultsTable runs={filter.runs.filter} scopeLabel="x" />))).not.toContain(
      'schedule',
    );
  });
});

describe('ScriptReference', () => {
  it('gives the verdict, says what the reference rows are, and shows the script', () => {
    const t = text(
      renderToString(<ScriptReference script={{ kind: 'measured', reference: fakeScriptReference }} />),
    );
    expect(t).toContain('PixelPool takes 1.30x the time of a 12-line sharp script on these images');
    expect(t).toContain(
      'The “sharp script” rows are the reference: a 12-line Node script that does the same job with sharp alone, each file through sharp(bytes).rotate().blur(3).jpeg({ quality: 80 }).toBuffer(), as many files at once as each pool has workers',
    );
    expect(t).toContain('The script');
  });
  it('says why there is no script', () => {
    const t = text(
      renderToString(<ScriptReference script={{ kind: 'missing', reason: 'No sharp script: invert.' }} />),
    );
    expect(t).toBe('No sharp script: invert.');
  });
});

describe('WarningsList', () => {
  it('lists the report\u2019s warnings and points at the runs\u2019 own', () => {
    const t = text(renderToString(<WarningsList warnings={['Something is off.']} runsWithWarnings={2} />));
    expect(t).toContain('Read these figures with care Something is off.');
    expect(t).toContain('2 runs carry their own warnings, under their rows in the results table.');
  });
  it('renders nothing without warnings', () => {
    expect(renderToString(<WarningsList warnings={[]} runsWithWarnings={0} />)).toBe('');
  });
});

describe('TimeSplitBar', () => {
  it('writes every segment\u2019s time beside its bar, on one scale', () => {
    const view = splitView(readReport(fakeReport([serial, fakeRun({ medianMs: 90, speedup: 2 })]), 2));
    if (!view) throw new Error('no split view');
    const html = renderToString(<TimeSplitBar rows={view.rows} caption={view.caption} />);
    const t = text(html);
    expect(t).toContain('One thread 880 ms');
    expect(t).toContain('decode 300 ms (34%)');
    expect(t).toContain('filter stage (pool) 90 ms');
    expect(t).toContain('about 1.11× instead of 2.00× for the filter stage');
    // The pool's bar is drawn shorter: 790 of 880 ms.
    expect(html).toMatch(/width:89\.7\d*%/);
  });
});

describe('RunEstimate', () => {
  it('says it is an estimate and from what', () => {
    const t = text(
      renderToString(
        <RunEstimate
          estimate={{ seconds: 38, bound: 'about' }}
          from="your benchmark of this pipeline at 10:42:00"
        />,
      ),
    );
    expect(t).toBe(
      'Estimated time: about 40 s (an estimate, from your benchmark of this pipeline at 10:42:00)',
    );
    expect(renderToString(<RunEstimate estimate={null} from="x" />)).toBe('');
  });
});

describe('BenchmarkForm: the pool kind', () => {
  const choice: BenchmarkChoice = {
    workers: [1, 2],
    transports: ['copy', 'shared'],
    repeat: 3,
    scope: 'both',
    timeBudgetSeconds: null,
    kernels: 'wasm',
    pool: 'threads',
  };

  it('keeps only copy for processes, putting it in when none of the chosen transports can run', () => {
    expect(withPool(choice, 'processes')).toEqual({ ...choice, pool: 'processes', transports: ['copy'] });
    expect(withPool({ ...choice, transports: ['shared', 'transfer'] }, 'processes').transports).toEqual([
      'copy',
    ]);
  });

  it('keeps the chosen transports for threads, which can run them all', () => {
    const processes = { ...choice, pool: 'processes' as const, transports: ['copy' as const] };
    expect(withPool(processes, 'threads')).toEqual({ ...processes, pool: 'threads' });
  });
});
