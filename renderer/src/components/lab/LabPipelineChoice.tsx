import { useId } from 'react';
import type { PipelineStep } from '../../../../shared/contract';
import { stepsSpec } from '../../../../shared/lab';
import { useApp } from '../../state/AppContext';
import { toPipelineSteps } from '../../state/pipeline';
import './LabPipelineChoice.css';

export type PipelineSource = 'default' | 'panel';

interface Props {
  /** The experiment's own pipeline (the CLI's default, shared/lab/<exp>.ts). */
  defaultSteps: readonly PipelineStep[];
  /** Why the default is the default, in a few words. */
  why: string;
  source: PipelineSource;
  onSource(source: PipelineSource): void;
  testId: string;
}

/** The Pipeline panel's steps, as a request carries them, and whether any is enabled. */
export function usePanelSteps(): { steps: PipelineStep[]; enabled: number } {
  const { steps } = useApp();
  return { steps: toPipelineSteps(steps), enabled: steps.filter((s) => s.enabled).length };
}

/** The steps a request sends for `source`. */
export function chosenSteps(
  source: PipelineSource,
  defaults: readonly PipelineStep[],
  panel: PipelineStep[],
) {
  return source === 'panel' ? panel : [...defaults];
}

/**
 * Which pipeline an experiment runs: its own default (the CLI's) or the one on the Pipeline panel. The
 * panel's is offered only when it has an enabled step.
 */
export function LabPipelineChoice({ defaultSteps, why, source, onSource, testId }: Props) {
  const name = useId();
  const panel = usePanelSteps();
  const panelSpec = panel.enabled > 0 ? stepsSpec(panel.steps) : null;
  return (
    <div className="field lab-pipeline" role="radiogroup" aria-label="Pipeline" data-testid={testId}>
      <span className="lab-pipeline__label">Pipeline</span>
      <label className="lab-pipeline__option">
        <input
          type="radio"
          name={name}
          checked={source === 'default'}
          onChange={() => onSource('default')}
          data-testid={`${testId}-default`}
        />
        <span>
          <code>{stepsSpec(defaultSteps)}</code> <span className="muted">— the CLI’s default: {why}</span>
        </span>
      </label>
      <label className="lab-pipeline__option">
        <input
          type="radio"
          name={name}
          checked={source === 'panel'}
          disabled={panelSpec === null}
          onChange={() => onSource('panel')}
          data-testid={`${testId}-panel`}
        />
        <span>
          the Pipeline panel’s{' '}
          {panelSpec ? <code>{panelSpec}</code> : <span className="muted">(it has no enabled step)</span>}
        </span>
      </label>
    </div>
  );
}
