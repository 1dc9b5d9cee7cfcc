import type { HTMLAttributes } from 'react';
import type { FilterInfo, ParamValue } from '../../api/types';
import type { EditorStep } from '../../state/pipeline';
import { ParamField } from '../common/ParamField';
import './FilterCard.css';

interface Props {
  step: EditorStep;
  filter: FilterInfo | undefined;
  index: number;
  count: number;
  error: string | null;
  onMove(by: -1 | 1): void;
  onToggle(enabled: boolean): void;
  onRemove(): void;
  onParam(key: string, value: ParamValue): void;
  onReset(): void;
  registerButton(kind: 'up' | 'down' | 'remove', el: HTMLButtonElement | null): void;
  /** Drag and drop (PipelineList): handlers for the card, whether it is the one dragged, where a drop would land. */
  drag: {
    card: HTMLAttributes<HTMLLIElement>;
    /** The grip is what is dragged, so sliders and fields inside the card work as usual. */
    grip: HTMLAttributes<HTMLSpanElement>;
    dragging: boolean;
    dropAt: 'before' | 'after' | null;
  };
}

/** One step of the pipeline: its form generated from the filter's params schema. */
export function FilterCard(props: Props) {
  const { step, filter, index, count, error } = props;
  const label = filter?.label ?? step.id;
  const titleId = `${step.uid}-title`;
  return (
    <li
      className={`filter-card filter-card--${filter?.category ?? 'unknown'}${step.enabled ? '' : ' filter-card--off'}${error ? ' filter-card--error' : ''}${props.drag.dragging ? ' filter-card--dragging' : ''}${props.drag.dropAt ? ` filter-card--drop-${props.drag.dropAt}` : ''}`}
      {...props.drag.card}
      data-testid="filter-card"
      data-filter-id={step.id}
      aria-labelledby={titleId}
    >
      <div className="filter-card__head">
        <span
          className="filter-card__grip"
          title="Drag to reorder (or use the arrows)"
          aria-hidden="true"
          data-testid="filter-grip"
          {...props.drag.grip}
        >
          ⠿
        </span>
        <span className="filter-card__index num" aria-hidden="true">
          {index + 1}
        </span>
        <div className="filter-card__title">
          <h4 id={titleId}>{label}</h4>
          {filter ? <span className="filter-card__category">{filter.category}</span> : null}
        </div>
        <label className="check filter-card__toggle" title="Disabled steps stay in the preset but do not run">
          <input
            type="checkbox"
            checked={step.enabled}
            onChange={(e) => props.onToggle(e.currentTarget.checked)}
            aria-label={`Enable ${label}`}
            data-testid="filter-enabled"
          />
          <span>On</span>
        </label>
        <div className="filter-card__actions">
          <button
            ref={(el) => props.registerButton('up', el)}
            type="button"
            className="btn btn-icon btn-ghost"
            onClick={() => props.onMove(-1)}
            disabled={index === 0}
            aria-label={`Move ${label} up`}
            title="Move up"
            data-testid="filter-up"
          >
            ↑
          </button>
          <button
            ref={(el) => props.registerButton('down', el)}
            type="button"
            className="btn btn-icon btn-ghost"
            onClick={() => props.onMove(1)}
            disabled={index === count - 1}
            aria-label={`Move ${label} down`}
            title="Move down"
            data-testid="filter-down"
          >
            ↓
          </button>
          <button
            ref={(el) => props.registerButton('remove', el)}
            type="button"
            className="btn btn-icon btn-ghost btn-danger"
            onClick={props.onRemove}
            aria-label={`Remove ${label}`}
            title="Remove"
            data-testid="filter-remove"
          >
            ×
          </button>
        </div>
      </div>
      {filter ? <p className="filter-card__desc">{filter.description}</p> : null}
      {filter && filter.params.length > 0 ? (
        <fieldset className="filter-card__params" disabled={!step.enabled}>
          <legend className="visually-hidden">{label} parameters</legend>
          {filter.params.map((spec) => (
            <ParamField
              key={spec.key}
              spec={spec}
              value={step.params[spec.key] ?? spec.default}
              onChange={(v) => props.onParam(spec.key, v)}
            />
          ))}
          {filter.params.length > 1 ? (
            <button type="button" className="btn btn-ghost filter-card__reset" onClick={props.onReset}>
              Reset all to defaults
            </button>
          ) : null}
        </fieldset>
      ) : null}
      {error ? (
        <p className="error-text filter-card__error" role="alert" data-testid="filter-error">
          {error}
        </p>
      ) : null}
    </li>
  );
}
