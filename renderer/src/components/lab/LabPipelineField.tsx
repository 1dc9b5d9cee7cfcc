import { useId } from 'react';
import type { PipelineStep } from '../../api/types';
import { useApp } from '../../state/AppContext';
import { usePanelSteps } from './LabPipelineChoice';
import './LabPipelineField.css';

/** Which pipeline an experiment runs: the CLI's default one, or the Pipeline panel's. */
export type LabPipelineChoice = 'default' | 'panel';

/** The steps of the Pipeline panel that run (disabled ones left out). */
function useEnabledPanelSteps(): PipelineStep[] {
  return usePanelSteps().steps.filter((s) => s.enabled !== false);
}

/** A pipeline in words, with the filters' labels: "Gaussian blur (sigma 3) → Sobel". */
export function usePipelineWords(steps: readonly PipelineStep[]): string {
  const { filtersById } = useApp();
  return steps
    .map((step) => {
      const label = filtersById.get(step.id)?.label ?? step.id;
      const params = Object.entries(step.params ?? {}).map(([name, value]) => `${name} ${value}`);
      return params.length > 0 ? `${label} (${params.join(', ')})` : label;
    })
    .join(' → ');
}

interface Props {
  value: LabPipelineChoice;
  onChange(choice: LabPipelineChoice): void;
  defaultSteps: readonly PipelineStep[];
}

/** The pipeline field of an experiment on photos: the default (the CLI's) or the Pipeline panel's steps. */
export function LabPipelineField({ value, onChange, defaultSteps }: Props) {
  const id = useId();
  const panel = useEnabledPanelSteps();
  const defaultWords = usePipelineWords(defaultSteps);
  const panelWords = usePipelineWords(panel);
  return (
    <div className="field lab-pipeline-field">
      <label htmlFor={id}>Pipeline</label>
      <select
        id={id}
        value={panel.length === 0 ? 'default' : value}
        onChange={(e) => onChange(e.currentTarget.value as LabPipelineChoice)}
        data-testid="lab-pipeline"
      >
        <option value="default">{defaultWords} (default)</option>
        <option value="panel" disabled={panel.length === 0}>
          {panel.length === 0 ? 'The Pipeline panel’s (empty)' : `The Pipeline panel’s: ${panelWords}`}
        </option>
      </select>
      <span className="field-hint">the same steps on every pool</span>
    </div>
  );
}

/** The steps a choice stands for (the default when the panel has none). */
export function useChosenSteps(
  choice: LabPipelineChoice,
  defaultSteps: readonly PipelineStep[],
): PipelineStep[] {
  const panel = useEnabledPanelSteps();
  return choice === 'panel' && panel.length > 0 ? panel : defaultSteps.map((s) => ({ ...s }));
}
