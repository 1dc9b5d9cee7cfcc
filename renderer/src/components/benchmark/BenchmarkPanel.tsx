import { useDeferredValue, useEffect, useState } from 'react';
import { messageOf } from '../../api/client';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useBenchmarkJob } from '../../hooks/useBenchmarkJob';
import { downloadText } from '../../lib/download';
import { formatFactor, formatRate } from '../../lib/format';
import { useApp } from '../../state/AppContext';
import { toPipelineSteps } from '../../state/pipeline';
import { JobControls } from '../common/JobControls';
import { ProgressBar } from '../common/ProgressBar';
import { type BenchmarkChoice, BenchmarkForm } from './BenchmarkForm';
import { ConceptNotes } from './ConceptNotes';
import { ResultsTable } from './ResultsTable';
import { SpeedupChart } from './SpeedupChart';
import { ThroughputChart } from './ThroughputChart';
import { WorkerTimeline } from './WorkerTimeline';
import './BenchmarkPanel.css';

export function BenchmarkPanel() {
  const { api, images, steps, settings, saveSettings, capabilities } = useApp();
  const job = useBenchmarkJob(api);
  const announce = useAnnounce();
  const [choice, setChoice] = useState<BenchmarkChoice>(settings.benchmark);
  const [exportError, setExportError] = useState<string | null>(null);
  const running = job.state === 'running' || job.state === 'starting';
  const enabled = steps.filter((s) => s.enabled);
  const totalMp = images.images.reduce((sum, i) => sum + i.megapixels, 0);

  const problem =
    images.images.length === 0
      ? 'Add at least one image on the Images panel.'
      : enabled.length === 0
        ? 'Add (or enable) at least one filter on the Pipeline panel.'
        : choice.workers.length === 0
          ? 'Choose at least one worker count.'
          : choice.transports.length === 0
            ? 'Choose at least one transport.'
            : null;

  useEffect(() => {
    if (job.state === 'done' && job.report) {
      // The same figure the panel shows: the best pool run (serial is 1.00x by definition).
      const pool = job.report.runs.filter((r) => r.mode === 'pool');
      const best = pool.length ? Math.max(...pool.map((r) => r.speedup)) : null;
      announce(
        best === null ? 'Benchmark finished.' : `Benchmark finished: best speedup ${formatFactor(best)}.`,
      );
    } else if (job.state === 'cancelled') announce('Benchmark cancelled.');
    else if (job.state === 'failed' && job.error) announce(`Benchmark failed: ${job.error}`);
  }, [job.state, job.report, job.error, announce]);

  const change = (next: BenchmarkChoice) => {
    setChoice(next);
    // The form does not show the scope and the time budget yet: keep their saved values.
    saveSettings({ benchmark: { ...settings.benchmark, ...next } });
  };

  const run = () =>
    job.start({
      imageIds: images.images.map((i) => i.id),
      steps: toPipelineSteps(steps),
      workers: choice.workers,
      transports: choice.transports,
      repeat: choice.repeat,
    });

  const exportAs = async (format: 'json' | 'csv') => {
    if (!job.jobId) return;
    setExportError(null);
    try {
      const file = await api.exportBenchmark({ jobId: job.jobId, format });
      downloadText(file.fileName, file.text, file.mime);
      announce(`Saved ${file.fileName}`);
    } catch (err) {
      setExportError(messageOf(err));
    }
  };

  const report = job.report;
  // The charts are the costly part of showing a result: draw them at low priority so the table and the
  // numbers appear at once and the page keeps answering input meanwhile.
  const chartsReport = useDeferredValue(report);
  const pool = report?.runs.filter((r) => r.mode === 'pool') ?? [];
  const bestSpeedup = pool.length ? pool.reduce((a, b) => (b.speedup > a.speedup ? b : a)) : null;
  const bestRate = report?.runs.length ? Math.max(...report.runs.map((r) => r.megapixelsPerSecond)) : null;
  const imageNames = report?.images.map((i) => i.name) ?? images.images.map((i) => i.name);
  const progress = job.progress;

  return (
    <div className="bench-panel">
      <div className="panel-head">
        <div className="panel-head__text">
          <h2>Benchmark</h2>
          <p>
            Runs your pipeline on your images on one thread, then on the worker pool at each count and
            transport, and shows what the extra cores bought.
          </p>
        </div>
      </div>

      <div className="stack">
        <section className="card stack" aria-label="Benchmark setup">
          <p className="bench-panel__input num" data-testid="bench-input">
            <strong>{images.images.length}</strong> image{images.images.length === 1 ? '' : 's'} (
            {totalMp.toFixed(1)} MP) · <strong>{enabled.length}</strong> filter
            {enabled.length === 1 ? '' : 's'}
            {enabled.length > 0 ? (
              <span className="muted"> ({enabled.map((s) => s.id).join(' → ')})</span>
            ) : null}
            <span className="muted"> · {capabilities.cores} cores</span>
          </p>
          <BenchmarkForm value={choice} onChange={change} disabled={running} />
          <JobControls
            running={running}
            problem={problem}
            startLabel={report ? 'Run again' : 'Run benchmark'}
            runningLabel="Running…"
            onStart={() => void run()}
            onCancel={() => void job.cancel()}
            startTestId="benchmark-run"
            cancelTestId="benchmark-cancel"
          />
          {running || (progress && job.state !== 'done') ? (
            <div className="bench-panel__progress" data-testid="benchmark-progress">
              <ProgressBar
                value={progress && progress.total > 0 ? progress.done / progress.total : undefined}
                label="Benchmark progress"
                tone={job.state === 'failed' ? 'danger' : 'accent'}
              />
              <p className="muted num">
                {progress ? `${progress.done} / ${progress.total} · ${progress.label}` : 'Starting the pool…'}
              </p>
            </div>
          ) : null}
          {job.state === 'cancelled' ? (
            <p className="muted">Cancelled. Partial results were discarded.</p>
          ) : null}
          {job.error ? (
            <p className="error-text" role="alert" data-testid="benchmark-error">
              {job.error}
            </p>
          ) : null}
        </section>

        <ConceptNotes />

        {report ? (
          <div className="bench-panel__stats" data-testid="benchmark-summary">
            <div className="stat">
              <span className="stat__value num">{bestSpeedup ? formatFactor(bestSpeedup.speedup) : '–'}</span>
              <span className="stat__label">
                best speedup
                {bestSpeedup
                  ? ` (${bestSpeedup.workers} worker${bestSpeedup.workers === 1 ? '' : 's'}, ${bestSpeedup.transport})`
                  : ''}
              </span>
            </div>
            <div className="stat">
              <span className="stat__value num">{bestRate !== null ? formatRate(bestRate) : '–'}</span>
              <span className="stat__label">best throughput</span>
            </div>
            <div className="stat">
              <span className="stat__value num">
                {report.amdahl ? `${(report.amdahl.serialFraction * 100).toFixed(1)}%` : '–'}
              </span>
              <span className="stat__label">serial fraction (Amdahl fit)</span>
            </div>
            <div className="stat">
              <span className="stat__value num">{report.megapixels.toFixed(1)} MP</span>
              <span className="stat__label">filtered per repetition</span>
            </div>
          </div>
        ) : null}

        {bestSpeedup && bestSpeedup.speedup < 1 ? (
          <p className="bench-panel__hint" data-testid="benchmark-slower">
            The pool was slower than one thread here. Usual causes: other programs busy on the same cores,
            filters so cheap that moving strips costs more than computing them (try a blur or a median), or
            small images.
          </p>
        ) : null}

        {report && chartsReport !== report ? (
          <p className="muted bench-panel__drawing" role="status">
            Drawing the charts…
          </p>
        ) : null}
        {chartsReport && chartsReport === report ? (
          <div className="bench-panel__charts">
            <section className="card" aria-labelledby="chart-speedup-title" data-testid="chart-speedup">
              <h3 id="chart-speedup-title" className="card-title">
                Speedup vs workers
              </h3>
              <SpeedupChart report={chartsReport} />
              <p className="bench-panel__axes muted">x: workers · y: speedup over the serial run</p>
            </section>
            <section className="card" aria-labelledby="chart-throughput-title" data-testid="chart-throughput">
              <h3 id="chart-throughput-title" className="card-title">
                Throughput per run
              </h3>
              <ThroughputChart report={chartsReport} />
              <p className="bench-panel__axes muted">Megapixels filtered per second; serial in grey</p>
            </section>
          </div>
        ) : null}

        {job.tasks.length > 0 || report ? (
          <section className="card" aria-labelledby="chart-timeline-title" data-testid="chart-timeline">
            <h3 id="chart-timeline-title" className="card-title">
              Worker timeline
            </h3>
            <WorkerTimeline
              tasks={job.tasks}
              imageNames={imageNames}
              live={running}
              preferred={bestSpeedup}
            />
          </section>
        ) : null}

        {report ? (
          <section className="card" aria-labelledby="results-title">
            <div className="card-title">
              <h3 id="results-title">Results</h3>
              <div className="btn-row">
                <button
                  type="button"
                  className="btn"
                  onClick={() => void exportAs('json')}
                  data-testid="export-json"
                >
                  Export JSON
                </button>
                <button
                  type="button"
                  className="btn"
                  onClick={() => void exportAs('csv')}
                  data-testid="export-csv"
                >
                  Export CSV
                </button>
              </div>
            </div>
            {exportError ? (
              <p className="error-text" role="alert">
                {exportError}
              </p>
            ) : null}
            <ResultsTable report={report} />
            <p className="muted bench-panel__machine">
              {report.machine.cpuModel} · {report.machine.cores} cores · Node {report.machine.nodeVersion} ·{' '}
              {report.machine.platform}/{report.machine.arch} · {new Date(report.createdAt).toLocaleString()}.
              Times cover the filter stage only (decoded pixels in, filtered pixels out).
            </p>
          </section>
        ) : null}
      </div>
    </div>
  );
}
