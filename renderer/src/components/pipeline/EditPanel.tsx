import { usePipelineValidation } from '../../hooks/usePipelineValidation';
import { useApp } from '../../state/AppContext';
import { PreviewPane } from '../preview/PreviewPane';
import { FilterCatalog } from './FilterCatalog';
import { PipelineList } from './PipelineList';
import { PresetBar } from './PresetBar';
import './EditPanel.css';

/** The pipeline editor beside the live preview (stacked in narrow windows). */
export function EditPanel({ active, onShowImages }: { active: boolean; onShowImages(): void }) {
  const { api, catalog, steps, dispatch, capabilities } = useApp();
  const check = usePipelineValidation(api, steps);
  const full = steps.length >= capabilities.limits.maxSteps;

  return (
    <div className="edit-panel">
      <div className="panel-head">
        <div className="panel-head__text">
          <h2>Pipeline</h2>
          <p>
            Filters run top to bottom on every image. The same pipeline drives the preview, the benchmark and
            the batch, and saves as a preset the command line reads.
          </p>
        </div>
        <PresetBar />
      </div>
      <div className="edit-panel__body">
        <div className="edit-panel__editor stack">
          <FilterCatalog
            catalog={catalog}
            disabled={full}
            onAdd={(filter) => dispatch({ type: 'add', filter })}
          />
          {full ? (
            <p className="muted edit-panel__note">
              The pipeline holds at most {capabilities.limits.maxSteps} steps.
            </p>
          ) : null}
          {check.error && check.stepUid === null ? (
            <p className="error-text" role="alert" data-testid="pipeline-error">
              {check.error}
            </p>
          ) : null}
          <PipelineList check={check} />
          {check.radius !== null && steps.length > 0 ? (
            <p className="muted edit-panel__note num" data-testid="pipeline-radius">
              {check.radius === 0
                ? 'Per-pixel filters only: each strip is processed on its own, with no rows borrowed from its neighbours.'
                : `Each strip borrows ${check.radius} row${check.radius === 1 ? '' : 's'} from its neighbours above and below (the halo), so parallel output matches one thread byte for byte.`}
            </p>
          ) : null}
        </div>
        <div className="edit-panel__preview">
          <PreviewPane active={active} onShowImages={onShowImages} />
        </div>
      </div>
    </div>
  );
}
