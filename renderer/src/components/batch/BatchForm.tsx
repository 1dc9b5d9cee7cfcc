import { useId, useState } from 'react';
import { mirroredFolders } from '../../../../shared/folders';
import {
  LOSSY_FORMATS,
  OUTPUT_FORMAT_CHOICE_LABEL,
  OUTPUT_FORMAT_INFO,
  type OutputFormatChoice,
  outputFormatFor,
} from '../../../../shared/formats';
import { KERNEL_CHOICES, KERNEL_INFO, SCHEDULE_INFO, SCHEDULES } from '../../../../shared/kernels';
import { METADATA_MODE_INFO, METADATA_MODES, type MetadataMode } from '../../../../shared/metadata';
import {
  CONFLICT_POLICIES,
  DEFAULT_NAME_PATTERN,
  DIR_TOKEN,
  NAME_TOKENS,
  withFolders,
  withSuffix,
} from '../../../../shared/naming';
import { POOL_KIND_INFO, POOL_KINDS, type PoolKind } from '../../../../shared/pools';
import { MAX_REDIS_URL_LENGTH, redisUrlProblem } from '../../../../shared/redis-url';
import { messageOf } from '../../api/client';
import type { BatchRunOn, ConflictPolicy, ImageEntry, KernelChoice, Settings } from '../../api/types';
import { oversubscribedWorkers } from '../../lib/benchmark';
import { exampleOutputName, namePatternProblem } from '../../lib/naming';
import { useApp } from '../../state/AppContext';
import './BatchForm.css';

export type BatchOptions = Settings['batch'];

interface Props {
  /** The images the batch will process (the example name is the first one's). */
  inputs: readonly ImageEntry[];
  value: BatchOptions;
  onChange(value: BatchOptions): void;
  disabled: boolean;
  /** Shown under the output folder: the problem that stops Start. */
  outDirError: string | null;
  /** The Redis password, when not in the URL: the panel's memory only, never in the settings. */
  redisPassword: string;
  onRedisPasswordChange(password: string): void;
}

const RUN_ON_TEXT: Record<BatchRunOn, string> = {
  local: 'This machine',
  queue: 'Worker hosts (Redis)',
};
const RUN_ON: readonly BatchRunOn[] = ['local', 'queue'];

/** Why the Redis URL stops Start (worker hosts chosen), or null: the service's own rule (shared/redis-url.ts). */
export function redisUrlError(value: BatchOptions): string | null {
  if (value.runOn !== 'queue') return null;
  if (value.redisUrl.trim() === '') return 'Enter the Redis URL of the worker hosts.';
  const problem = redisUrlProblem(value.redisUrl.trim());
  return problem === undefined ? null : `The Redis URL ${problem}.`;
}

const POLICY_TEXT: Record<ConflictPolicy, { label: string; hint: string }> = {
  suffix: { label: 'Add a number', hint: withSuffix('photo-edited.jpg', 1) },
  skip: { label: 'Skip', hint: 'keep the existing file' },
  overwrite: { label: 'Overwrite', hint: 'replace it' },
};

export function BatchForm({
  inputs,
  value,
  onChange,
  disabled,
  outDirError,
  redisPassword,
  onRedisPasswordChange,
}: Props) {
  const { api, capabilities, steps } = useApp();
  const ids = {
    out: useId(),
    format: useId(),
    quality: useId(),
    metadata: useId(),
    name: useId(),
    workers: useId(),
    kernels: useId(),
    schedule: useId(),
    pool: useId(),
    redis: useId(),
    redisPassword: useId(),
  };
  const [dialogError, setDialogError] = useState<string | null>(null);
  const set = <K extends keyof BatchOptions>(key: K, v: BatchOptions[K]) => onChange({ ...value, [key]: v });

  const sample = inputs[0];
  const sampleName = sample?.name ?? 'photo.jpg';
  // The web host's uploads sit in numbered folders of its own: there is no tree of the user's to mirror.
  const canKeepFolders = capabilities.host !== 'web';
  const keepFolders = canKeepFolders && value.keepFolders;
  const pattern = withFolders(value.namePattern, keepFolders);
  const example = exampleOutputName(pattern, {
    dir: sample ? mirroredFolders(inputs.map((i) => i.path))[0] : '',
    inputName: sampleName,
    index: 0,
    total: inputs.length,
    format: outputFormatFor(value.format, sample?.format ?? 'jpeg'),
    filterIds: steps.filter((s) => s.enabled).map((s) => s.id),
  });
  const problem = namePatternProblem(pattern);
  const lossless = value.format !== 'same' && !OUTPUT_FORMAT_INFO[value.format].lossy;

  const choose = async () => {
    setDialogError(null);
    try {
      const { path } = await api.chooseFolder();
      if (path) set('outDir', path);
    } catch (err) {
      setDialogError(messageOf(err));
    }
  };

  const maxChoice = Math.min(capabilities.maxWorkers, oversubscribedWorkers(capabilities.cores));
  const workerOptions = [0, ...Array.from({ length: maxChoice }, (_, i) => i + 1)];
  // Worker hosts run their own pools (their --workers and --pool): this machine's choices are kept, unused.
  const onHosts = value.runOn === 'queue';
  // The serial path filters one image after another on one thread: the schedule is kept but unused.
  const serial = value.workers === 0 || onHosts;
  const urlError = onHosts && value.redisUrl.trim() !== '' ? redisUrlError(value) : null;

  return (
    <fieldset className="batch-form" disabled={disabled}>
      <legend className="visually-hidden">Batch options</legend>
      <div className="field batch-form__out">
        <label htmlFor={ids.out}>Output folder</label>
        <div className="batch-form__row">
          <input
            id={ids.out}
            type="text"
            value={value.outDir}
            placeholder={
              capabilities.platform === 'win32'
                ? 'C:\\Users\\me\\Pictures\\edited'
                : '/home/me/Pictures/edited'
            }
            onChange={(e) => set('outDir', e.currentTarget.value)}
            spellCheck={false}
            aria-invalid={outDirError ? true : undefined}
            aria-describedby={outDirError ? `${ids.out}-err` : `${ids.out}-hint`}
            data-testid="batch-outdir"
          />
          {capabilities.dialogs.chooseFolder ? (
            <button
              type="button"
              className="btn"
              onClick={() => void choose()}
              data-testid="batch-choose-folder"
            >
              Choose…
            </button>
          ) : null}
        </div>
        {outDirError ? (
          <p id={`${ids.out}-err`} className="error-text">
            {outDirError}
          </p>
        ) : (
          <p id={`${ids.out}-hint`} className="field-hint">
            Created if missing. Your originals are never written.
          </p>
        )}
        {dialogError ? <p className="error-text">{dialogError}</p> : null}
      </div>

      <div className="field">
        <label htmlFor={ids.format}>Format</label>
        <select
          id={ids.format}
          value={value.format}
          onChange={(e) => set('format', e.currentTarget.value as OutputFormatChoice)}
          data-testid="batch-format"
        >
          {(['same', ...capabilities.formats] as const).map((f) => (
            <option key={f} value={f}>
              {OUTPUT_FORMAT_CHOICE_LABEL[f]}
            </option>
          ))}
        </select>
        {value.format === 'same' ? (
          <span className="field-hint">Each file keeps its format; TIFF and GIF become PNG.</span>
        ) : null}
      </div>

      <div className="field">
        <label htmlFor={ids.quality}>
          Quality <span className="num batch-form__quality">{lossless ? 'lossless' : value.quality}</span>
        </label>
        <input
          id={ids.quality}
          type="range"
          min={1}
          max={100}
          step={1}
          value={value.quality}
          disabled={lossless}
          onChange={(e) => set('quality', Number(e.currentTarget.value))}
          data-testid="batch-quality"
        />
        <span className="field-hint">
          {value.format === 'same'
            ? `For ${LOSSY_FORMATS.map((f) => OUTPUT_FORMAT_INFO[f].label).join(', ')} files; higher is larger and sharper.`
            : lossless
              ? `${OUTPUT_FORMAT_INFO[value.format].label} is lossless: quality does not apply.`
              : 'Higher is larger and sharper.'}
        </span>
      </div>

      <div className="field">
        <label htmlFor={ids.metadata}>Metadata</label>
        <select
          id={ids.metadata}
          value={value.metadata}
          onChange={(e) => set('metadata', e.currentTarget.value as MetadataMode)}
          data-testid="batch-metadata"
        >
          {METADATA_MODES.map((m) => (
            <option key={m} value={m}>
              {METADATA_MODE_INFO[m].label}
            </option>
          ))}
        </select>
        <label className="batch-form__check">
          <input
            type="checkbox"
            checked={value.metadata === 'keep' && value.stripGps}
            disabled={value.metadata !== 'keep'}
            onChange={(e) => set('stripGps', e.currentTarget.checked)}
            data-testid="batch-strip-gps"
          />
          Leave out the GPS location
        </label>
        <span className="field-hint" data-testid="batch-metadata-hint">
          {METADATA_MODE_INFO[value.metadata].hint}
        </span>
      </div>

      <div className="field batch-form__name">
        <label htmlFor={ids.name}>File name</label>
        <input
          id={ids.name}
          type="text"
          value={value.namePattern}
          onChange={(e) => set('namePattern', e.currentTarget.value)}
          spellCheck={false}
          aria-describedby={`${ids.name}-example`}
          aria-invalid={problem ? true : undefined}
          data-testid="batch-name"
        />
        <div className="batch-form__tokens">
          {NAME_TOKENS.filter((t) => canKeepFolders || t !== DIR_TOKEN).map((t) => (
            <button
              key={t}
              type="button"
              className="batch-form__token"
              onClick={() =>
                set(
                  'namePattern',
                  t === DIR_TOKEN ? withFolders(value.namePattern, true) : `${value.namePattern}${t}`,
                )
              }
            >
              {t}
            </button>
          ))}
        </div>
        <p id={`${ids.name}-example`} className="field-hint" data-testid="batch-name-example">
          {example === undefined ? 'Example: ' : `${sampleName} → `}
          {example === undefined ? (
            <span className="mono">{DEFAULT_NAME_PATTERN}</span>
          ) : (
            <strong className="mono">{example}</strong>
          )}
        </p>
        <label className="batch-form__check">
          <input
            type="checkbox"
            checked={keepFolders}
            disabled={!canKeepFolders}
            onChange={(e) => set('keepFolders', e.currentTarget.checked)}
            data-testid="batch-keep-folders"
          />
          Keep the folders (a/photo.jpg → out/a/…)
        </label>
        {canKeepFolders ? null : (
          <p className="field-hint">A browser does not say which folder a dropped file came from.</p>
        )}
        {problem ? (
          <p className="error-text" data-testid="batch-name-error">
            {problem}
          </p>
        ) : null}
      </div>

      <fieldset className="field batch-form__policy">
        <legend>If the file exists</legend>
        <div className="batch-form__radios">
          {CONFLICT_POLICIES.map((id) => (
            <label key={id} className="check" title={POLICY_TEXT[id].hint}>
              <input
                type="radio"
                name="batch-conflict"
                value={id}
                checked={value.onConflict === id}
                onChange={() => set('onConflict', id)}
                data-testid={`batch-conflict-${id}`}
              />
              {POLICY_TEXT[id].label}
              <span className="muted batch-form__hint">{POLICY_TEXT[id].hint}</span>
            </label>
          ))}
        </div>
      </fieldset>

      <fieldset className="batch-form__speed">
        <legend>Speed</legend>
        <fieldset className="field batch-form__run-on">
          <legend>Run on</legend>
          <div className="batch-form__radios">
            {RUN_ON.map((id) => (
              <label key={id} className="check">
                <input
                  type="radio"
                  name="batch-run-on"
                  value={id}
                  checked={value.runOn === id}
                  onChange={() => set('runOn', id)}
                  data-testid={`batch-run-on-${id}`}
                />
                {RUN_ON_TEXT[id]}
              </label>
            ))}
          </div>
          {onHosts ? (
            <div className="field batch-form__redis">
              <label htmlFor={ids.redis}>Redis URL</label>
              <input
                id={ids.redis}
                type="text"
                value={value.redisUrl}
                maxLength={MAX_REDIS_URL_LENGTH}
                placeholder="redis://host:6379/0"
                onChange={(e) => set('redisUrl', e.currentTarget.value)}
                spellCheck={false}
                autoComplete="off"
                aria-invalid={urlError ? true : undefined}
                aria-describedby={`${ids.redis}-hint`}
                data-testid="batch-redis-url"
              />
              {urlError ? (
                <p className="error-text" data-testid="batch-redis-error">
                  {urlError}
                </p>
              ) : null}
              <p id={`${ids.redis}-hint`} className="field-hint">
                Each image is a job for the hosts running <span className="mono">pixelpool worker</span>; they
                must see the images and the output folder at the same paths.
              </p>
              <label htmlFor={ids.redisPassword}>Password</label>
              <input
                id={ids.redisPassword}
                type="password"
                value={redisPassword}
                onChange={(e) => onRedisPasswordChange(e.currentTarget.value)}
                autoComplete="off"
                aria-describedby={`${ids.redisPassword}-hint`}
                data-testid="batch-redis-password"
              />
              <p id={`${ids.redisPassword}-hint`} className="field-hint">
                Kept in memory until PixelPool quits, never saved: type it again after a restart.
              </p>
            </div>
          ) : (
            <span className="field-hint">The pool below, on {capabilities.cores} cores.</span>
          )}
        </fieldset>
        <div className="field">
          <label htmlFor={ids.workers}>Workers</label>
          <select
            id={ids.workers}
            disabled={onHosts}
            value={value.workers}
            onChange={(e) => set('workers', Number(e.currentTarget.value))}
            data-testid="batch-workers"
          >
            {workerOptions.map((n) => (
              <option key={n} value={n}>
                {n === 0 ? 'Serial (one core)' : `${n}${n === capabilities.cores ? ' (= cores)' : ''}`}
              </option>
            ))}
          </select>
        </div>

        <div className="field">
          <label htmlFor={ids.pool}>Workers are</label>
          <select
            id={ids.pool}
            value={value.pool}
            disabled={serial}
            onChange={(e) => set('pool', e.currentTarget.value as PoolKind)}
            aria-describedby={`${ids.pool}-hint`}
            data-testid="batch-pool"
          >
            {POOL_KINDS.map((k) => (
              <option key={k} value={k} title={POOL_KIND_INFO[k].idea}>
                {POOL_KIND_INFO[k].title}
              </option>
            ))}
          </select>
          <span id={`${ids.pool}-hint`} className="field-hint" data-testid="batch-pool-hint">
            {onHosts
              ? 'The worker hosts run their own pools.'
              : serial
                ? 'Serial uses no pool.'
                : POOL_KIND_INFO[value.pool].cost}
          </span>
        </div>

        <div className="field">
          <label htmlFor={ids.kernels}>Kernels</label>
          <select
            id={ids.kernels}
            value={value.kernels}
            onChange={(e) => set('kernels', e.currentTarget.value as KernelChoice)}
            aria-describedby={`${ids.kernels}-hint`}
            data-testid="batch-kernels"
          >
            {KERNEL_CHOICES.map((k) => (
              <option key={k} value={k} title={KERNEL_INFO[k].idea}>
                {KERNEL_INFO[k].title}
              </option>
            ))}
          </select>
          <span id={`${ids.kernels}-hint`} className="field-hint">
            Speed only: identical files.
          </span>
        </div>

        <fieldset className="field batch-form__schedule" aria-describedby={`${ids.schedule}-hint`}>
          <legend>Spread images</legend>
          <div className="batch-form__radios">
            {SCHEDULES.map((id) => (
              <label key={id} className="check">
                <input
                  type="radio"
                  name="batch-schedule"
                  value={id}
                  checked={value.schedule === id}
                  disabled={serial}
                  onChange={() => set('schedule', id)}
                  data-testid={`batch-schedule-${id}`}
                />
                {SCHEDULE_INFO[id].title}
              </label>
            ))}
          </div>
          <span id={`${ids.schedule}-hint`} className="field-hint" data-testid="batch-schedule-hint">
            {onHosts
              ? 'Each worker host takes whole images from the queue.'
              : serial
                ? 'Serial runs one image at a time on one thread: there is nothing to spread.'
                : SCHEDULE_INFO[value.schedule].idea}
          </span>
        </fieldset>
      </fieldset>
    </fieldset>
  );
}
