import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { BENCHMARK_SCHEDULE_INFO } from '../../../../shared/contract';
import { KERNEL_INFO } from '../../../../shared/kernels';
import { POOL_KIND_INFO, type PoolKind } from '../../../../shared/pools';
import { messageOf } from '../../api/client';
import type { StartBenchmarkRequest } from '../../api/types';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useBenchmarkJob } from '../../hooks/useBenchmarkJob';
import { useMeasurements } from '../../hooks/useMeasurements';
import { useNow } from '../../hooks/useNow';
import { downloadText } from '../../lib/download';
import {
  type BenchmarkEstimate,
  describeEta,
  estimateBenchmark,
  eta,
  hasSharpReference,
} from '../../lib/estimate';
import { formatFactor, formatRate } from '../../lib/format';
import { addBenchmark, benchmarkMeasurement, rateSource } from '../../lib/measurements';
import {
  type AmdahlModel,
  bestRun,
  type KernelsModel,
  type RunModel,
  readReport,
  requestSettings,
  type Scope,
  type ScriptModel,
} from '../../lib/report-adapter';
import { describeMeasuredPipeline, staleReasons } from '../../lib/staleness';
import { splitView } from '../../lib/time-split';
import { useApp } from '../../state/AppContext';
import { toPipelineSteps } from '../../state/pipeline';
import { JobControls } from '../common/JobControls';
import { ProgressBar } from '../common/ProgressBar';
import { type BenchmarkChoice, BenchmarkForm } from './BenchmarkForm';
import { ConceptNotes } from './ConceptNotes';
import { ResultsTable } from './ResultsTable';
import { RunEstimate } from './RunEstimate';
import { ScriptReference } from './ScriptReference';
import { SpeedupChart } from './SpeedupChart';
import { StaleBanner } from './StaleBanner';
import { ThroughputChart } from './ThroughputChart';
import { TimeSplitBar } from './TimeSplitBar';
import { WarningsList } from './WarningsList';
import { WorkerTimeline } from './WorkerTimeline';
import './BenchmarkPanel.css';

const SCOPE_WORDS: Record<Scope, { title: string; covers: string }> = {
  filter: { title: 'Filter stage', covers: 'the filter stage only (decoded pixels in, filtered pixels out)' },
  job: { title: 'Whole job', covers: 'the whole job (file in, encoded bytes out: decode, filter, encode)' },
};

export function BenchmarkPanel() {
  const { api, images, steps, settings, saveSettings, capabilities, filtersById, measurements } = useApp();
  const measured = useMeasurements();
  const job = useBenchmarkJob(api);
  const announce = useAnnounce();
  const [choice, setChoice] = useState<BenchmarkChoice>(settings.benchmark);
  const [exportError, setExportError] = useState<string | null>(null);
  const [scopePick, setScopePick] = useState<Scope>('filter');
  const running = job.state === 'running' || job.state === 'starting';
  const enabled = steps.filter((s) => s.enabled);
  const totalMp = images.images.reduce((sum, i) => sum + i.megapixels, 0);
  const cores = capabilities.cores;

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

  const current: StartBenchmarkRequest = useMemo(
    () => ({
      imageIds: images.images.map((i) => i.id),
      steps: toPipelineSteps(steps),
      workers: choice.workers,
      transports: choice.transports,
      repeat: choice.repeat,
      scope: choice.scope,
      timeBudgetSeconds: choice.timeBudgetSeconds,
      kernels: choice.kernels,
      pool: choice.pool,
    }),
    [images.images, steps, choice],
  );

  // What the run would take, from the best rate this session knows for the pipeline.
  const source = useMemo(
    () => rateSource(measured, current.steps, cores, filtersById),
    [measured, current.steps, cores, filtersById],
  );
  const estimate =
    problem === null
      ? estimateBenchmark(
          {
            megapixels: totalMp,
            images: current.imageIds.length,
            workers: current.workers,
            transports: current.transports,
            repeat: current.repeat,
            scope: choice.scope,
            timeBudgetSeconds: choice.timeBudgetSeconds,
            cores,
            reference: hasSharpReference(current.steps),
          },
          source,
        )
      : null;
  // The estimate the running job started with, counted down until its progress gives a rate.
  const [startEstimate, setStartEstimate] = useState<BenchmarkEstimate | null>(null);
  const now = useNow(running);
  const left =
    running && job.startedAtMs !== null
      ? eta(job.startedAtMs, job.progressAt, now, startEstimate?.seconds)
      : null;

  const report = job.report;
  const model = useMemo(() => (report ? readReport(report, cores) : null), [report, cores]);
  const scope: Scope = model?.scopes.includes(scopePick) ? scopePick : (model?.scopes[0] ?? 'filter');
  const runs = model?.runs[scope] ?? [];
  const best = bestRun(runs);
  const fit = model?.amdahl[scope] ?? null;
  const split = useMemo(() => (model ? splitView(model) : null), [model]);
  // Every scope's, as the engine counts them in its summary warning above.
  const runsWithWarnings = model
    ? model.scopes.flatMap((sc) => model.runs[sc]).filter((r) => r.warnings.length > 0).length
    : 0;

  // A finished benchmark is a measurement of its pipeline: the next estimate and the batch use it.
  useEffect(() => {
    if (!report || !job.jobId) return;
    const m = benchmarkMeasurement(job.jobId, report, filtersById);
    if (m) measurements.update((all) => addBenchmark(all, m));
  }, [report, job.jobId, filtersById, measurements]);

  // Results describe what they measured: compare it with what is on screen now.
  const reasons = useMemo(() => {
    if (!report) return [];
    const was = job.request;
    return staleReasons(
      was
        ? { steps: was.steps, imageIds: was.imageIds, settings: requestSettings(was) }
        : { steps: report.pipeline, imageIds: current.imageIds, settings: choice },
      { steps: current.steps, imageIds: current.imageIds, settings: choice },
      filtersById,
    );
  }, [report, job.request, current, choice, filtersById]);
  const stale = reasons.length > 0;

  useEffect(() => {
    if (job.state === 'done' && model) {
      // The same figure the panel shows: the best pool run (serial is 1.00x by definition).
      const top = bestRun(model.runs[model.scopes[0] ?? 'filter']);
      const count = model.warnings.length;
      const warned = count ? ` ${count} warning${count === 1 ? '' : 's'}: read the figures with care.` : '';
      announce(
        top === null
          ? `Benchmark finished.${warned}`
          : `Benchmark finished: best speedup ${formatFactor(top.speedup)}.${warned}`,
      );
    } else if (job.state === 'cancelled') announce('Benchmark cancelled.');
    else if (job.state === 'failed' && job.error) announce(`Benchmark failed: ${job.error}`);
  }, [job.state, model, job.error, announce]);

  const change = (next: BenchmarkChoice) => {
    setChoice(next);
    saveSettings({ benchmark: next });
  };

  const run = () => {
    setStartEstimate(estimate);
    return job.start(current);
  };

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

  // The charts are the costly part of showing a result: draw them at low priority so the table and the
  // numbers appear at once and the page keeps answering input meanwhile.
  const chartsModel = useDeferredValue(model);
  const imageNames = report?.images.map((i) => i.name) ?? images.images.map((i) => i.name);
  const progress = job.progress;
  const etaWords = describeEta(left);

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
            <span className="muted"> · {cores} cores</span>
          </p>
          <BenchmarkForm value={choice} onChange={change} disabled={running} />
          {!running ? <RunEstimate estimate={estimate} from={source.from} /> : null}
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
                {running && etaWords ? (
                  <span className="bench-panel__eta" data-testid="benchmark-eta">
                    {' '}
                    · {etaWords}
                  </span>
                ) : null}
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

        <StaleBanner
          reasons={reasons}
          measuredWith={
            report
              ? `${describeMeasuredPipeline(report.pipeline, filtersById)} on ${report.images.length} image${report.images.length === 1 ? '' : 's'} (${report.megapixels.toFixed(1)} MP)`
              : ''
          }
          onRerun={() => void run()}
          onCancel={() => void job.cancel()}
          rerunProblem={problem}
          running={running}
        />

        <ConceptNotes />

        {model ? (
          <div
            className={`bench-panel__results stack${stale ? ' bench-panel__results--stale' : ''}`}
            data-testid="benchmark-results"
            data-stale={stale ? 'true' : 'false'}
          >
            <WarningsList warnings={model.warnings} runsWithWarnings={runsWithWarnings} />
            <KernelsLine kernels={model.kernels} />
            <PoolLine pool={model.pool} />

            <div className="bench-panel__scopes" data-testid="benchmark-summary">
              {model.scopes.map((sc) => (
                <ScopeSummary
                  key={sc}
                  scope={sc}
                  runs={model.runs[sc]}
                  fit={model.amdahl[sc]}
                  megapixels={report?.megapixels ?? 0}
                  script={sc === 'job' ? model.script : null}
                />
              ))}
            </div>
            {split && split.kind === 'estimate' && split.jobSpeedup ? (
              <p className="muted" data-testid="benchmark-job-estimate">
                End to end (estimate: decode and encode on one thread): about {formatFactor(split.jobSpeedup)}
                .
              </p>
            ) : null}

            {model.scopes.length > 1 ? (
              <fieldset className="bench-panel__scope">
                <legend>Charts for</legend>
                {model.scopes.map((s) => (
                  <label key={s} className="check">
                    <input
                      type="radio"
                      name="bench-scope"
                      checked={scope === s}
                      onChange={() => setScopePick(s)}
                      data-testid={`bench-scope-${s}`}
                    />
                    {SCOPE_WORDS[s].title}
                  </label>
                ))}
              </fieldset>
            ) : null}

            {best && best.speedup < 1 ? (
              <p className="bench-panel__hint" data-testid="benchmark-slower">
                The pool was slower than one thread here. Usual causes: other programs busy on the same cores,
                filters so cheap that moving strips costs more than computing them (try a blur or a median),
                or small images.
              </p>
            ) : null}

            {chartsModel !== model ? (
              <p className="muted bench-panel__drawing" role="status">
                Drawing the charts…
              </p>
            ) : null}
            {chartsModel && chartsModel === model ? (
              <div className="bench-panel__charts">
                <section className="card" aria-labelledby="chart-speedup-title" data-testid="chart-speedup">
                  <h3 id="chart-speedup-title" className="card-title">
                    Speedup vs workers · {SCOPE_WORDS[scope].title.toLowerCase()}
                  </h3>
                  <SpeedupChart runs={runs} cores={cores} amdahl={fit} />
                  <p className="bench-panel__axes muted">x: workers · y: speedup over the serial run</p>
                </section>
                <section
                  className="card"
                  aria-labelledby="chart-throughput-title"
                  data-testid="chart-throughput"
                >
                  <h3 id="chart-throughput-title" className="card-title">
                    Throughput per run · {SCOPE_WORDS[scope].title.toLowerCase()}
                  </h3>
                  <ThroughputChart runs={runs} />
                  <p className="bench-panel__axes muted">
                    Megapixels per second; serial
                    {scope === 'job' && model.script?.kind === 'measured' ? ' and the sharp script' : ''} in
                    grey
                  </p>
                </section>
              </div>
            ) : null}

            {split ? (
              <section className="card" aria-labelledby="split-title" data-testid="chart-split">
                <h3 id="split-title" className="card-title">
                  Where the time goes
                </h3>
                <TimeSplitBar rows={split.rows} caption={split.caption} />
              </section>
            ) : null}
          </div>
        ) : null}

        {job.tasks.length > 0 || report ? (
          <section
            className={`card${stale ? ' bench-panel__dim' : ''}`}
            aria-labelledby="chart-timeline-title"
            data-testid="chart-timeline"
          >
            <h3 id="chart-timeline-title" className="card-title">
              Worker timeline
            </h3>
            <WorkerTimeline tasks={job.tasks} imageNames={imageNames} live={running} preferred={best} />
          </section>
        ) : null}

        {report && model ? (
          <section className={`card${stale ? ' bench-panel__dim' : ''}`} aria-labelledby="results-title">
            <div className="card-title">
              <h3 id="results-title">Results{stale ? ' (stale)' : ''}</h3>
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
            {model.scopes.map((sc) => (
              <div key={sc} className="bench-panel__table" data-testid={`results-${sc}`}>
                {model.scopes.length > 1 ? (
                  <h4 className="bench-panel__table-title">{SCOPE_WORDS[sc].title}</h4>
                ) : null}
                <ResultsTable runs={model.runs[sc]} scopeLabel={SCOPE_WORDS[sc].covers} />
                {sc === 'job' && model.script ? <ScriptReference script={model.script} /> : null}
              </div>
            ))}
            <p className="muted bench-panel__machine">
              {report.machine.cpuModel} · {report.machine.cores} cores · Node {report.machine.nodeVersion} ·{' '}
              {report.machine.platform}/{report.machine.arch} · {new Date(report.createdAt).toLocaleString()}.
              Times cover {model.scopes.map((sc) => SCOPE_WORDS[sc].covers).join('; and ')}. Spread: the
              repetitions' coefficient of variation (± %) and their fastest–slowest.
            </p>
          </section>
        ) : null}
      </div>
    </div>
  );
}

/** Which kernels ran: the engine's word, so a fallback from WebAssembly is seen beside the figures. */
function KernelsLine({ kernels }: { kernels: KernelsModel }) {
  return (
    <p
      className={kernels.fallback ? 'bench-panel__hint' : 'muted bench-panel__kernels'}
      data-testid="benchmark-kernels"
      data-kernels={kernels.ran}
    >
      Kernels: {KERNEL_INFO[kernels.ran].title}
      {kernels.fallback
        ? `, not WebAssembly as asked: ${kernels.fallback}.`
        : ', in every run (the sharp script runs sharp’s own code).'}
    </p>
  );
}

/** What every pool run's workers were, with what processes cost (the engine's report says which). */
function PoolLine({ pool }: { pool: PoolKind }) {
  return (
    <p className="muted bench-panel__kernels" data-testid="benchmark-pool" data-pool={pool}>
      Workers: {POOL_KIND_INFO[pool].title}
      {pool === 'processes'
        ? ', child processes: every strip copied to its process and back as a message (the copy transport).'
        : ', threads of one process, sharing its memory.'}
    </p>
  );
}

/**
 * One scope's headline figures: its best speedup with the interval, its throughput, its Amdahl fit; for
 * the whole job, where it stands against the sharp script.
 */
function ScopeSummary({
  scope,
  runs,
  fit,
  megapixels,
  script,
}: {
  scope: Scope;
  runs: readonly RunModel[];
  fit: AmdahlModel | null;
  megapixels: number;
  script: ScriptModel | null;
}) {
  const best = bestRun(runs);
  const bestRate = runs.length ? Math.max(...runs.map((r) => r.megapixelsPerSecond)) : null;
  const pct = (f: number) => `${(f * 100).toFixed(1)}%`;
  return (
    <section
      className="bench-panel__scope-card"
      data-testid={`summary-${scope}`}
      aria-label={SCOPE_WORDS[scope].title}
    >
      <h3 className="bench-panel__scope-title">{SCOPE_WORDS[scope].title}</h3>
      <div className="bench-panel__stats">
        <div className="stat">
          <span className="stat__value num">{best ? formatFactor(best.speedup) : '–'}</span>
          <span className="stat__label">
            {best && best.pairs > 1 ? (
              <span className="num bench-panel__ci">
                95%: {best.speedupCI[0].toFixed(2)}–{best.speedupCI[1].toFixed(2)}×
                <br />
              </span>
            ) : null}
            best speedup
            {best
              ? ` (${best.workers} worker${best.workers === 1 ? '' : 's'}, ${best.transport}${scope === 'job' && best.schedule ? `, ${BENCHMARK_SCHEDULE_INFO[best.schedule].title}` : ''})`
              : ''}
          </span>
        </div>
        <div className="stat">
          <span className="stat__value num">{bestRate !== null ? formatRate(bestRate) : '–'}</span>
          <span className="stat__label">best throughput ({megapixels.toFixed(1)} MP a run)</span>
        </div>
        <div className="stat" data-testid={`amdahl-${scope}`}>
          <span className="stat__value num">
            {fit ? (fit.trusted ? pct(fit.serialFraction) : 'not fitted') : '–'}
          </span>
          <span className="stat__label">
            serial fraction (Amdahl fit)
            {fit?.trusted ? `, 95%: ${pct(fit.serialFractionCI[0])}–${pct(fit.serialFractionCI[1])}` : ''}
          </span>
        </div>
      </div>
      {fit?.note ? (
        <p
          className={fit.trusted ? 'muted bench-panel__fit-note' : 'bench-panel__hint'}
          data-testid={`amdahl-note-${scope}`}
        >
          {fit.note}
        </p>
      ) : null}
      {script?.kind === 'measured' ? (
        <p className="bench-panel__versus" data-testid="summary-script">
          {script.reference.summary}
        </p>
      ) : null}
    </section>
  );
}
