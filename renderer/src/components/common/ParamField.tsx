import { useEffect, useId, useState } from 'react';
import type { ParamSpec } from '../../api/types';
import './ParamField.css';

/** A filter parameter as the catalogue describes it. */
export type ParamFieldSpec = ParamSpec;

interface Props {
  spec: ParamFieldSpec;
  value: number;
  disabled?: boolean;
  onChange(value: number): void;
}

function clampToSpec(spec: ParamFieldSpec, value: number): number {
  const clamped = Math.min(spec.max, Math.max(spec.min, value));
  return spec.type === 'int' ? Math.round(clamped) : clamped;
}

/** One numeric parameter: a slider and a number box kept in step, bounds and default from the schema. */
export function ParamField({ spec, value, disabled, onChange }: Props) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  const [error, setError] = useState<string>();

  // Follow outside changes (slider, reset, preset load) unless the user is mid-typing an invalid value.
  useEffect(() => {
    setDraft(String(value));
    setError(undefined);
  }, [value]);

  const commitDraft = (text: string) => {
    setDraft(text);
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) {
      setError('Enter a number.');
      return;
    }
    if (n < spec.min || n > spec.max) {
      setError(`Between ${spec.min} and ${spec.max}.`);
      return;
    }
    if (spec.type === 'int' && !Number.isInteger(n)) {
      setError('Whole numbers only.');
      return;
    }
    setError(undefined);
    onChange(n);
  };

  const isDefault = value === spec.default;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;

  return (
    <div className="param-field" data-testid={`param-${spec.key}`}>
      <div className="param-field__head">
        <label htmlFor={`${id}-range`} title={spec.description}>
          {spec.label}
          {spec.unit ? <span className="muted"> ({spec.unit})</span> : null}
        </label>
        <button
          type="button"
          className="btn btn-ghost param-field__reset"
          onClick={() => onChange(spec.default)}
          disabled={disabled || isDefault}
          aria-label={`Reset ${spec.label} to ${spec.default}`}
          title={`Reset to ${spec.default}`}
        >
          ↺
        </button>
      </div>
      <div className="param-field__controls">
        <input
          id={`${id}-range`}
          type="range"
          min={spec.min}
          max={spec.max}
          step={spec.step}
          value={value}
          disabled={disabled}
          aria-describedby={hintId}
          onChange={(e) => onChange(clampToSpec(spec, Number(e.currentTarget.value)))}
        />
        <input
          type="number"
          className="param-field__number"
          min={spec.min}
          max={spec.max}
          step={spec.step}
          value={draft}
          disabled={disabled}
          aria-label={`${spec.label} value`}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : hintId}
          onChange={(e) => commitDraft(e.currentTarget.value)}
          onBlur={() => {
            if (error) {
              setDraft(String(value));
              setError(undefined);
            }
          }}
        />
      </div>
      <p id={hintId} className="visually-hidden">
        {spec.description} From {spec.min} to {spec.max}, default {spec.default}.
      </p>
      {error ? (
        <p id={errorId} className="error-text" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
