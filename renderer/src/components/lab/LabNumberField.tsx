import { type ReactNode, useId, useState } from 'react';
import { wholeIn } from './LabExperimentCard';

/** One whole-number setting of an experiment: its text as typed, its number, and why it is none. */
export interface WholeNumberField {
  id: string;
  label: string;
  min: number;
  max: number;
  text: string;
  setText(text: string): void;
  /** The number in [min, max] the text holds, or null. */
  value: number | null;
  /** "<Subject> must be a whole number from <min> to <max>." while value is null, else null. */
  problem: string | null;
}

/**
 * The state of a whole-number field starting at `initial`. `subject` names it in the problem sentence
 * when the label alone does not read as one ("The largest pool" for "Largest pool").
 */
export function useWholeNumberField(
  label: string,
  initial: number,
  min: number,
  max: number,
  subject: string = label,
): WholeNumberField {
  const id = useId();
  const [text, setText] = useState(String(initial));
  const value = wholeIn(text, min, max);
  const problem = value === null ? `${subject} must be a whole number from ${min} to ${max}.` : null;
  return { id, label, min, max, text, setText, value, problem };
}

/** A whole-number field: its label, its input, and a hint on what it sets. */
export function LabNumberField({
  field,
  testId,
  hint,
}: {
  field: WholeNumberField;
  testId: string;
  hint: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{field.label}</label>
      <input
        id={field.id}
        type="number"
        min={field.min}
        max={field.max}
        step={1}
        value={field.text}
        onChange={(e) => field.setText(e.currentTarget.value)}
        data-testid={testId}
      />
      <span className="field-hint">{hint}</span>
    </div>
  );
}
