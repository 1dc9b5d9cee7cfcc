import { type ReactNode, useEffect, useState } from 'react';
import { LAB_EXPERIMENT_INFO, LAB_EXPERIMENTS, type LabExperiment } from '../../../../shared/lab';
import { useApp } from '../../state/AppContext';
import { CoresExperiment } from './CoresExperiment';
import { MachinesExperiment } from './MachinesExperiment';
import { ManagerExperiment } from './ManagerExperiment';
import { PipeExperiment } from './PipeExperiment';
import { PoolExperiment } from './PoolExperiment';
import { ProcessesExperiment } from './ProcessesExperiment';
import { QueueExperiment } from './QueueExperiment';
import { RaceExperiment } from './RaceExperiment';
import { type LabJob, useLabJob } from './useLabJob';
import './LabPanel.css';

/**
 * Every experiment's view, in LAB_EXPERIMENTS order (their titles and ideas are in shared/lab/index.ts).
 * Adding one is an entry here and its component; the list beside shows it.
 */
const VIEWS: Record<LabExperiment, (props: { job: LabJob }) => ReactNode> = {
  race: RaceExperiment,
  processes: ProcessesExperiment,
  queue: QueueExperiment,
  pipe: PipeExperiment,
  pool: PoolExperiment,
  manager: ManagerExperiment,
  cores: CoresExperiment,
  machines: MachinesExperiment,
};

/** The multiprocessing lab: one experiment per idea, on the user's own photo, run as a service job. */
export function LabPanel() {
  const { api } = useApp();
  const job = useLabJob(api);
  const [current, setCurrent] = useState<LabExperiment>(LAB_EXPERIMENTS[0]);
  // A job restored after a reload is shown where it belongs.
  const restored = job.request?.experiment;
  useEffect(() => {
    if (restored) setCurrent(restored);
  }, [restored]);
  const View = VIEWS[current];
  return (
    <div className="lab-panel">
      <div className="panel-head">
        <div className="panel-head__text">
          <h2>Lab</h2>
          <p>
            Python’s multiprocessing ideas tried on real threads and your own photo: each experiment measures
            one idea and names the Python API it mirrors.
          </p>
        </div>
      </div>
      <div className="lab-panel__body">
        <nav className="lab-panel__list" aria-label="Experiments">
          <ul>
            {LAB_EXPERIMENTS.map((id) => (
              <li key={id}>
                <button
                  type="button"
                  className={`lab-panel__item${id === current ? ' lab-panel__item--current' : ''}`}
                  aria-current={id === current ? 'true' : undefined}
                  onClick={() => setCurrent(id)}
                  data-testid={`lab-experiment-${id}`}
                >
                  <span className="lab-panel__item-title">{LAB_EXPERIMENT_INFO[id].title}</span>
                  <span className="lab-panel__item-idea">{LAB_EXPERIMENT_INFO[id].idea}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="lab-panel__experiment">
          <View job={job} />
        </div>
      </div>
    </div>
  );
}
