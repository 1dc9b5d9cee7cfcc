import { useId } from 'react';
import { TRANSPORT_INFO } from '../../../../shared/transports';
import type { Transport } from '../../api/types';
import { workerChoices } from '../../lib/benchmark';
import { useApp } from '../../state/AppContext';
import './BenchmarkForm.css';

export interface BenchmarkChoice {
  workers: number[];
  transports: Transport[];
  repeat: number;
}

interface Props {
  value: BenchmarkChoice;
  onChange(value: BenchmarkChoice): void;
  disabled: boolean;
}

function toggle<T>(list: readonly T[], item: T, on: boolean): T[] {
  return on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
}

/** Worker counts, transports and repeats. The serial baseline always runs: every speedup is against it. */
export function BenchmarkForm({ value, onChange, disabled }: Props) {
  const { capabilities } = useApp();
  const repeatId = useId();
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
        <legend>Transport</legend>
        <div className="bench-form__options" data-testid="bench-transports">
          {capabilities.transports.map((t) => (
            <label key={t} className="bench-form__chip" title={TRANSPORT_INFO[t].idea}>
              <input
                type="checkbox"
                checked={value.transports.includes(t)}
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
      </fieldset>
      <div className="field bench-form__repeat">
        <label htmlFor={repeatId}>Repeats</label>
        <input
          id={repeatId}
          type="number"
          min={1}
          max={maxRepeat}
          step={1}
          value={value.repeat}
          disabled={disabled}
          onChange={(e) => {
            const n = Math.round(Number(e.currentTarget.value));
            if (Number.isFinite(n)) onChange({ ...value, repeat: Math.min(maxRepeat, Math.max(1, n)) });
          }}
          data-testid="bench-repeat"
        />
        <span className="field-hint">median of these, after a warm-up</span>
      </div>
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
