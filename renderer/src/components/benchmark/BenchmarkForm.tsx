import { useId } from 'react';
import { DEFAULT_KERNELS, KERNEL_CHOICES, KERNEL_INFO, type KernelChoice } from '../../../../shared/kernels';
import {
  DEFAULT_POOL_KIND,
  POOL_KIND_INFO,
  POOL_KINDS,
  POOL_TRANSPORTS,
  type PoolKind,
  PROCESSES_SHARE_NO_MEMORY,
} from '../../../../shared/pools';
import { TRANSPORT_INFO } from '../../../../shared/transports';
import type { BenchmarkScopeChoice, Transport } from '../../api/types';
import { workerChoices } from '../../lib/benchmark';
import { useApp } from '../../state/AppContext';
import './BenchmarkForm.css';

export interface BenchmarkChoice {
  workers: number[];
  transports: Transport[];
  repeat: number;
  scope: BenchmarkScopeChoice;
  /** null: fixed mode (`repeat` rounds); a number: adaptive mode with this budget, seconds. */
  timeBudgetSeconds: number | null;
  /** The kernels every run uses, the pool's and the serial baseline's. */
  kernels: KernelChoice;
  /** Threads or child processes, for every pool run. */
  pool: PoolKind;
}

const SCOPE_CHOICES: { value: BenchmarkScopeChoice; title: string; idea: string }[] = [
  { value: 'both', title: 'Both', idea: 'the filter stage and the whole job, side by side' },
  { value: 'filter', title: 'Filter stage', idea: 'decoded pixels in, filtered pixels out' },
  { value: 'job', title: 'Whole job', idea: 'file in, encoded bytes out: decode, filter, encode' },
];
/** The budget the time-budget mode starts with. */
const DEFAULT_BUDGET_SECONDS = 60;
const MAX_BUDGET_SECONDS = 3600;

interface Props {
  value: BenchmarkChoice;
  onChange(value: BenchmarkChoice): void;
  disabled: boolean;
}

/**
 * The choice with another pool kind. Processes can run `copy` only: the transports they cannot run are
 * dropped (copy is kept or put in their place), and the form says why.
 */
export function withPool(value: BenchmarkChoice, pool: PoolKind): BenchmarkChoice {
  const allowed: readonly Transport[] = POOL_TRANSPORTS[pool];
  const kept = value.transports.filter((t) => allowed.includes(t));
  return { ...value, pool, transports: kept.length > 0 ? kept : [...allowed] };
}

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
}

/** Worker counts, transports, the kernels, the scopes, and rounds or a time budget. The serial baseline always runs: every speedup is against it. */
export function BenchmarkForm({ value, onChange, disabled }: Props) {
  const { capabilities } = useApp();
  const repeatId = useId();
  const budgetId = useId();
  const kernelsId = useId();
  const poolId = useId();
  const allowed: readonly Transport[] = POOL_TRANSPORTS[value.pool];
  const adaptive = value.timeBudgetSeconds !== null;
  const counts = workerChoices(capabilities.cores, capabilities.maxWorkers);
  const maxRepeat = capabilities.limits.maxRepeat;
  const over = counts.filter((n) => n > capabilities.cores);

  return (
    <div className="bench-form">
      <fieldset disabled={disabled}>
        <legend>Workers</legend>
        <div className="bench-form__options" data-testid="bench-workers">
          {counts.map((n) => (
            <label
              key={n}
              className="bench-form__chip"
              title={n > capabilities.cores ? 'More workers than cores' : undefined}
            >
              <input
                type="checkbox"
                checked={value.workers.includes(n)}
                onChange={(e) =>
                  onChange({
                    ...value,
                    workers: toggle(value.workers, n, e.currentTarget.checked).sort((a, b) => a - b),
                  })
                }
                data-testid={`bench-workers-${n}`}
              />
              <span className="num">{n}</span>
              {n > capabilities.cores ? <span className="bench-form__over">over</span> : null}
            </label>
          ))}
        </div>
        {over.length ? (
          <p className="field-hint bench-form__hint" data-testid="bench-over-hint">
            “over”: more workers than the {capabilities.cores} cores, to see what oversubscription costs.
          </p>
        ) : null}
      </fieldset>
      <fieldset disabled={disabled}>
        <legend>Workers are</legend>
        <select
          aria-label="Workers are"
          aria-describedby={poolId}
          value={value.pool}
          onChange={(e) => onChange(withPool(value, e.currentTarget.value as PoolKind))}
          data-testid="bench-pool"
        >
          {POOL_KINDS.map((k) => (
            <option key={k} value={k} title={POOL_KIND_INFO[k].idea}>
              {POOL_KIND_INFO[k].title}
              {k === DEFAULT_POOL_KIND ? ' (default)' : ''}
            </option>
          ))}
        </select>
        <p id={poolId} className="field-hint bench-form__hint" data-testid="bench-pool-idea">
          {POOL_KIND_INFO[value.pool].cost}
        </p>
      </fieldset>
      <fieldset disabled={disabled}>
        <legend>Transport</legend>
        <div className="bench-form__options" data-testid="bench-transports">
          {capabilities.transports.map((t) => (
            <label key={t} className="bench-form__chip" title={TRANSPORT_INFO[t].idea}>
              <input
                type="checkbox"
                checked={value.transports.includes(t)}
                disabled={!allowed.includes(t)}
                onChange={(e) =>
                  onChange({ ...value, transports: toggle(value.transports, t, e.currentTarget.checked) })
                }
                data-testid={`bench-transport-${t}`}
              />
              <span>{TRANSPORT_INFO[t].title}</span>
              {t === capabilities.defaultTransport ? <span className="bench-form__over">default</span> : null}
            </label>
          ))}
        </div>
        {allowed.length < capabilities.transports.length ? (
          <p className="field-hint bench-form__hint" data-testid="bench-transport-pool-hint">
            {POOL_KIND_INFO[value.pool].title}: {allowed.map((t) => TRANSPORT_INFO[t].title).join(', ')} only;{' '}
            {PROCESSES_SHARE_NO_MEMORY}.
          </p>
        ) : null}
      </fieldset>
      <fieldset disabled={disabled}>
        <legend>Kernels</legend>
        <select
          aria-label="Kernels"
          aria-describedby={kernelsId}
          value={value.kernels}
          onChange={(e) => onChange({ ...value, kernels: e.currentTarget.value as KernelChoice })}
          data-testid="bench-kernels"
        >
          {KERNEL_CHOICES.map((k) => (
            <option key={k} value={k}>
              {KERNEL_INFO[k].title}
              {k === DEFAULT_KERNELS ? ' (default)' : ''}
            </option>
          ))}
        </select>
        <p id={kernelsId} className="field-hint bench-form__hint" data-testid="bench-kernels-idea">
          {KERNEL_INFO[value.kernels].idea} The pool and the serial baseline both run them.
        </p>
      </fieldset>
      <fieldset disabled={disabled}>
        <legend>Measure</legend>
        <div className="bench-form__options" data-testid="bench-scope">
          {SCOPE_CHOICES.map((c) => (
            <label key={c.value} className="bench-form__chip" title={c.idea}>
              <input
                type="radio"
                name={`${repeatId}-scope`}
                checked={value.scope === c.value}
                onChange={() => onChange({ ...value, scope: c.value })}
                data-testid={`bench-scope-choice-${c.value}`}
              />
              <span>{c.title}</span>
            </label>
          ))}
        </div>
        <p className="field-hint bench-form__hint">
          {SCOPE_CHOICES.find((c) => c.value === value.scope)?.idea}
        </p>
      </fieldset>
      <fieldset disabled={disabled}>
        <legend>How long</legend>
        <div className="bench-form__modes">
          <label className="bench-form__mode">
            <input
              type="radio"
              name={`${repeatId}-mode`}
              checked={!adaptive}
              onChange={() => onChange({ ...value, timeBudgetSeconds: null })}
              data-testid="bench-mode-repeat"
            />
            <span>Fixed:</span>
            <input
              id={repeatId}
              type="number"
              aria-label="Rounds"
              min={1}
              max={maxRepeat}
              step={1}
              value={value.repeat}
              disabled={disabled || adaptive}
              onChange={(e) => {
                const n = Math.round(Number(e.currentTarget.value));
                if (Number.isFinite(n)) onChange({ ...value, repeat: Math.min(maxRepeat, Math.max(1, n)) });
              }}
              data-testid="bench-repeat"
            />
            <span>rounds</span>
          </label>
          <label className="bench-form__mode">
            <input
              type="radio"
              name={`${repeatId}-mode`}
              checked={adaptive}
              onChange={() => onChange({ ...value, timeBudgetSeconds: DEFAULT_BUDGET_SECONDS })}
              data-testid="bench-mode-budget"
            />
            <span>Until sure, at most</span>
            <input
              id={budgetId}
              type="number"
              aria-label="Time budget, seconds"
              min={1}
              max={MAX_BUDGET_SECONDS}
              step={1}
              value={value.timeBudgetSeconds ?? DEFAULT_BUDGET_SECONDS}
              disabled={disabled || !adaptive}
              onChange={(e) => {
                const n = Math.round(Number(e.currentTarget.value));
                if (Number.isFinite(n))
                  onChange({ ...value, timeBudgetSeconds: Math.min(MAX_BUDGET_SECONDS, Math.max(1, n)) });
              }}
              data-testid="bench-budget"
            />
            <span>s</span>
          </label>
        </div>
        <p className="field-hint bench-form__hint">
          {adaptive
            ? 'Rounds go on until every speedup\u2019s 95% interval is within ±3%, or the time is spent.'
            : 'Each round times every configuration beside a serial run (after an untimed warm-up); the speedup is the median of the pairs.'}
        </p>
      </fieldset>
      <ul className="bench-form__ideas" aria-label="What the transports do">
        {capabilities.transports.map((t) => (
          <li key={t}>
            <strong>{TRANSPORT_INFO[t].title}:</strong> {TRANSPORT_INFO[t].idea}
          </li>
        ))}
      </ul>
    </div>
  );
}
