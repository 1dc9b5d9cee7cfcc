import { useEffect, useMemo, useState } from 'react';
import { DOWNLOAD_ZIP } from '../../../../shared/host-wiring';
import { withPassword } from '../../../../shared/redis-url';
import { messageOf } from '../../api/client';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useBatchJob } from '../../hooks/useBatchJob';
import { useMeasurements } from '../../hooks/useMeasurements';
import { batchThroughput, timeSaved } from '../../lib/batch-gain';
import { formatBytes, formatDuration } from '../../lib/format';
import { latestBenchmark } from '../../lib/measurements';
import { namePatternProblem } from '../../lib/naming';
import { pipelineKey } from '../../lib/pipeline-key';
import { useApp } from '../../state/AppContext';
import { toPipelineSteps } from '../../state/pipeline';
import { imagesToProcess } from '../../state/selection';
import { JobControls } from '../common/JobControls';
import { ProgressBar } from '../common/ProgressBar';
import { BatchFileList } from './BatchFileList';
import { BatchForm, type BatchOptions, redisUrlError } from './BatchForm';
import { BatchGain } from './BatchGain';
import { BatchKernels } from './BatchKernels';
import { BatchPool } from './BatchPool';
import './BatchPanel.css';

export function BatchPanel() {
  const { api, images, steps, settings, saveSettings, capabilities, filtersById } = useApp();
  const job = useBatchJob(api);
  const measured = useMeasurements();
  // Sizes of every image seen this session, so a batch's megapixels survive the list changing after it.
  const [megapixelsById, setMegapixelsById] = useState<ReadonlyMap<string, number>>(new Map());
  useEffect(() => {
    setMegapixelsById((prev) => {
      if (images.images.every((i) => prev.has(i.id))) return prev;
      const next = new Map(prev);
      for (const i of images.images) next.set(i.id, i.megapixels);
      return next;
    });
  }, [images.images]);
  const announce = useAnnounce();
  const [options, setOptions] = useState<BatchOptions>(settings.batch);
  // Never in the settings (which the service saves): the service also keeps it for the session.
  const [redisPassword, setRedisPassword] = useState('');
  // "All" although some are checked holds for the selection it was chosen with: a new one is processed as selected.
  const [allFor, setAllFor] = useState<ReadonlySet<string> | null>(null);
  const all = allFor === images.checked;
  const checkedCount = images.images.filter((i) => images.checked.has(i.id)).length;
  const inputs = imagesToProcess(images.images, images.checked, { all });
  const [openError, setOpenError] = useState<string | null>(null);
  const running = job.state === 'running' || job.state === 'starting';
  const enabled = steps.filter((s) => s.enabled);
  const outDirMissing = options.outDir.trim() === '';

  const problem =
    images.images.length === 0
      ? 'Add images on the Images panel first.'
      : outDirMissing
        ? 'Choose an output folder.'
        : (namePatternProblem(options.namePattern) ?? redisUrlError(options));

  const change = (next: BatchOptions) => {
    setOptions(next);
    // The service rejects settings it could not run with; keep the last good ones remembered.
    if (!namePatternProblem(next.namePattern)) saveSettings({ batch: next });
  };

  useEffect(() => {
    const s = job.summary;
    if (!s) return;
    announce(
      s.cancelled
        ? `Batch cancelled after ${s.done} files. No partial files were left.`
        : `Batch finished: ${s.done} written, ${s.skipped} skipped, ${s.failed} failed.`,
    );
  }, [job.summary, announce]);
  useEffect(() => {
    if (job.error) announce(`Batch failed: ${job.error}`);
  }, [job.error, announce]);

  const start = () =>
    job.start({
      imageIds: inputs.map((i) => i.id),
      steps: toPipelineSteps(steps),
      outDir: options.outDir.trim(),
      format: options.format,
      quality: options.quality,
      metadata: options.metadata,
      stripGps: options.stripGps,
      namePattern: options.namePattern,
      keepFolders: capabilities.host !== 'web' && options.keepFolders,
      onConflict: options.onConflict,
      workers: options.workers,
      kernels: options.kernels,
      schedule: options.schedule,
      pool: options.pool,
      ...(options.runOn === 'queue' ? { redisUrl: queueUrl(options.redisUrl.trim(), redisPassword) } : {}),
    });

  const openFolder = async (path: string) => {
    setOpenError(null);
    try {
      await api.openPath({ path });
    } catch (err) {
      setOpenError(messageOf(err));
    }
  };

  const stats = job.stats;
  const summary = job.summary;

  // The host's download links, once the batch is over: by output index (the summary's order), never by path.
  const downloads = useMemo(() => {
    if (!capabilities.downloads || !summary || !job.jobId) return null;
    const jobId = job.jobId;
    const byFile = new Map<number, string>();
    summary.outputs.forEach((output, index) => {
      const url = api.downloadUrl(jobId, index);
      if (url !== null) byFile.set(output.file, url);
    });
    const zip = summary.outputs.length > 0 ? api.downloadUrl(jobId, DOWNLOAD_ZIP) : null;
    const bytes = summary.outputs.reduce((sum, output) => sum + output.bytes, 0);
    return { byFile, zip, count: summary.outputs.length, bytes };
  }, [api, capabilities.downloads, summary, job.jobId]);

  // What the pool bought: measured throughput, and the time saved where a benchmark of the pipeline tells.
  const gain = useMemo(() => {
    // Worker hosts: this machine's benchmark says nothing of their pools.
    if (!summary || !job.request || summary.done === 0 || summary.hosts !== undefined) return null;
    const written = job.files.filter((f) => f.state === 'done');
    const sizes = written.map((f) => megapixelsById.get(f.imageId));
    const megapixels = sizes.every((mp) => mp !== undefined)
      ? sizes.reduce<number>((sum, mp) => sum + (mp ?? 0), 0)
      : null;
    const facts = {
      files: summary.done,
      megapixels: written.length === summary.done ? megapixels : null,
      elapsedMs: summary.elapsedMs,
      workers: job.request.workers,
    };
    const bench = latestBenchmark(measured, pipelineKey(job.request.steps, filtersById));
    return {
      facts,
      throughput: batchThroughput(facts),
      saved: timeSaved(facts, bench, capabilities.defaultTransport),
    };
  }, [summary, job.request, job.files, megapixelsById, measured, filtersById, capabilities.defaultTransport]);
  const finished = stats ? stats.done + stats.failed + stats.skipped : 0;

  return (
    <div className="batch-panel">
      <div className="panel-head">
        <div className="panel-head__text">
          <h2>Batch</h2>
          <p>
            Applies the pipeline to every image, or to those selected on the Images panel, and writes the
            results. Each file is written under a temporary name and renamed when complete, so a cancelled
            batch leaves nothing half-written.
          </p>
        </div>
      </div>

      <div className="batch-panel__layout">
        <section className="card stack" aria-label="Batch options">
          <BatchForm
            inputs={inputs}
            value={options}
            onChange={change}
            disabled={running}
            outDirError={outDirMissing && job.state === 'failed' ? 'Choose an output folder.' : null}
            redisPassword={redisPassword}
            onRedisPasswordChange={setRedisPassword}
          />
          <div className="batch-panel__input" data-testid="batch-input">
            <p className="batch-panel__scope num" data-testid="batch-scope">
              {scopeSentence(inputs.length, images.images.length, checkedCount)}
            </p>
            {checkedCount > 0 ? (
              <fieldset className="batch-panel__scope-choice" disabled={running}>
                <legend className="visually-hidden">Images to process</legend>
                <label className="check">
                  <input
                    type="radio"
                    name="batch-scope"
                    checked={!all}
                    onChange={() => setAllFor(null)}
                    data-testid="batch-scope-selected"
                  />
                  Only the {checkedCount} selected
                </label>
                <label className="check">
                  <input
                    type="radio"
                    name="batch-scope"
                    checked={all}
                    onChange={() => setAllFor(images.checked)}
                    data-testid="batch-scope-all"
                  />
                  All {images.images.length}
                </label>
              </fieldset>
            ) : null}
            <p className="muted num">
              {enabled.length === 0
                ? 'No filters: images are re-encoded only.'
                : `${enabled.length} filter${enabled.length === 1 ? '' : 's'}: ${enabled.map((s) => s.id).join(' → ')}`}
            </p>
          </div>
          <JobControls
            running={running}
            problem={problem}
            startLabel="Start batch"
            runningLabel="Working…"
            onStart={() => void start()}
            onCancel={() => void job.cancel()}
            startTestId="batch-start"
            cancelTestId="batch-cancel"
          />
        </section>

        <section
          className="card stack batch-panel__status"
          aria-label="Batch progress"
          data-testid="batch-status"
        >
          {job.state === 'idle' ? (
            <p className="muted">
              Progress, speed and every file's result appear here.{' '}
              {options.runOn === 'queue'
                ? 'Workers: the worker hosts taking jobs from the Redis queue.'
                : `Workers: ${capabilities.cores} cores on this machine.`}
            </p>
          ) : null}
          {stats || running ? (
            <div className="stack batch-panel__progress">
              <ProgressBar
                value={stats && stats.total > 0 ? finished / stats.total : undefined}
                label="Batch progress"
                tone={!summary || summary.cancelled ? 'accent' : summary.failed > 0 ? 'danger' : 'ok'}
                testId="batch-progress"
              />
              <div className="batch-panel__numbers num">
                <span>
                  <strong>{finished}</strong> / {stats?.total ?? inputs.length} files
                </span>
                {stats && stats.rate > 0 ? (
                  <span>{stats.rate.toFixed(stats.rate < 10 ? 1 : 0)} files/s</span>
                ) : null}
                {running && stats?.etaMs != null ? (
                  <span>about {formatDuration(stats.etaMs / 1000)} left</span>
                ) : null}
                {stats ? <span>{formatDuration(stats.elapsedMs / 1000)} elapsed</span> : null}
                {stats && stats.failed > 0 ? <span className="error-text">{stats.failed} failed</span> : null}
                {stats && stats.skipped > 0 ? <span>{stats.skipped} skipped</span> : null}
                {running && stats?.workerHosts !== undefined ? (
                  <span data-testid="batch-worker-hosts">
                    {stats.workerHosts === 0
                      ? 'waiting for a worker host'
                      : `${stats.workerHosts} worker host${stats.workerHosts === 1 ? '' : 's'} listening`}
                  </span>
                ) : null}
              </div>
            </div>
          ) : null}
          {job.error ? (
            <p className="error-text" role="alert" data-testid="batch-error">
              {job.error}
            </p>
          ) : null}
          {summary ? (
            <div
              className={`batch-panel__summary${summary.failed || summary.cancelled ? ' batch-panel__summary--warn' : ''}`}
              data-testid="batch-summary"
            >
              <p>
                {summary.cancelled
                  ? `Cancelled: ${summary.done} written before the stop; no partial files left.`
                  : `Done: ${summary.done} written, ${summary.skipped} skipped, ${summary.failed} failed.`}
              </p>
              {gain ? <BatchGain facts={gain.facts} throughput={gain.throughput} saved={gain.saved} /> : null}
              <BatchKernels summary={summary} />
              {summary.hosts === undefined ? (
                <BatchPool pool={summary.pool} />
              ) : (
                <p className="batch-panel__hosts" data-testid="batch-hosts-ran">
                  Worker hosts:{' '}
                  <strong>
                    {summary.hosts.length === 0
                      ? 'none took an image'
                      : summary.hosts.map((h) => `${h.name} ${h.images}`).join(', ')}
                  </strong>
                </p>
              )}
              <p className="muted mono batch-panel__outdir">{summary.outDir}</p>
              {capabilities.dialogs.openPath || downloads?.zip ? (
                <div className="btn-row">
                  {capabilities.dialogs.openPath ? (
                    <button
                      type="button"
                      className="btn"
                      onClick={() => void openFolder(summary.outDir)}
                      data-testid="batch-open-folder"
                    >
                      Open output folder
                    </button>
                  ) : null}
                  {downloads?.zip ? (
                    <a className="btn" href={downloads.zip} download data-testid="batch-download-all">
                      Download all (.zip, {downloads.count} file{downloads.count === 1 ? '' : 's'},{' '}
                      {formatBytes(downloads.bytes)})
                    </a>
                  ) : null}
                </div>
              ) : null}
              {openError ? <p className="error-text">{openError}</p> : null}
            </div>
          ) : null}
          <BatchFileList files={job.files} downloads={downloads?.byFile ?? null} />
        </section>
      </div>
    </div>
  );
}

/** The URL a batch on worker hosts is sent with: the password field's password, when given, in it. */
function queueUrl(url: string, password: string): string {
  return password === '' ? url : withPassword(url, password);
}

/** What Start will process: "Process 3 of 12 images (the selected ones)", "Process all 12 images". */
function scopeSentence(processed: number, listed: number, checked: number): string {
  const images = (n: number) => `${n} image${n === 1 ? '' : 's'}`;
  if (listed === 0) return 'No images to process yet.';
  if (processed < listed) return `Process ${processed} of ${images(listed)} (the selected ones).`;
  if (checked > 0 && checked < listed) return `Process all ${images(listed)} (${checked} selected).`;
  if (listed === 1) return 'Process the one image.';
  return `Process all ${images(listed)}.${checked === 0 ? ' Select some on the Images panel to process only those.' : ''}`;
}
