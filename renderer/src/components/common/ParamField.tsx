import { useEffect, useId, useState } from 'react';
import type { ChoiceParamSpec, ParamSpec, ParamValue, StepParamSpec } from '../../api/types';
import './ParamField.css';

/** A step's parameter as the catalogue describes it: a number, or a choice among words. */
export type ParamFieldSpec = StepParamSpec;

interface Props {
  spec: ParamFieldSpec;
  value: ParamValue;
  disabled?: boolean;
  onChange(value: ParamValue): void;
}

/** One parameter, its control chosen by its kind in the catalogue. */
export function ParamField({ spec, value, disabled, onChange }: Props) {
  return spec.type === 'choice' ? (
    <ChoiceField spec={spec} value={String(value)} disabled={disabled} onChange={onChange} />
  ) : (
    <NumberField
      spec={spec}
      value={typeof value === 'number' ? value : spec.default}
      disabled={disabled}
      onChange={onChange}
    />
  );
}

function ResetButton(props: { label: string; shown: string; disabled: boolean; onReset(): void }) {
  return (
    <button
      type="button"
      className="btn btn-ghost param-field__reset"
      onClick={props.onReset}
      disabled={props.disabled}
      aria-label={`Reset ${props.label} to ${props.shown}`}
      title={`Reset to ${props.shown}`}
    >
      ↺
    </button>
  );
}

/** A choice: a select of the catalogue's options, its default one click away. */
function ChoiceField(props: {
  spec: ChoiceParamSpec;
  value: string;
  disabled?: boolean;
  onChange(value: string): void;
}) {
  const { spec, value, disabled, onChange } = props;
  const id = useId();
  const defaultLabel = spec.options.find((o) => o.value === spec.default)?.label ?? spec.default;
  return (
    <div className="param-field" data-testid={`param-${spec.key}`}>
      <div className="param-field__head">
        <label htmlFor={`${id}-select`} title={spec.description}>
          {spec.label}
        </label>
        <ResetButton
          label={spec.label}
          shown={defaultLabel}
          disabled={Boolean(disabled) || value === spec.default}
          onReset={() => onChange(spec.default)}
        />
      </div>
      <select
        id={`${id}-select`}
        className="param-field__select"
        value={value}
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        {spec.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <p id={`${id}-hint`} className="visually-hidden">
        {spec.description} Default {defaultLabel}.
      </p>
    </div>
  );
}

function clampToSpec(spec: ParamSpec, value: number): number {
  const clamped = Math.min(spec.max, Math.max(spec.min, value));
  return spec.type === 'int' ? Math.round(clamped) : clamped;
}

/** One numeric parameter: a slider and a number box kept in step, bounds and default from the schema. */
function NumberField(props: {
  spec: ParamSpec;
  value: number;
  disabled?: boolean;
  onChange(value: number): void;
}) {
  const { spec, value, disabled, onChange } = props;
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
        <ResetButton
          label={spec.label}
          shown={String(spec.default)}
          disabled={Boolean(disabled) || isDefault}
          onReset={() => onChange(spec.default)}
        />
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
