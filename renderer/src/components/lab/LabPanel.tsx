import { type ReactNode, useState } from 'react';
import { LAB_EXPERIMENTS, type LabExperiment } from '../../../../shared/lab';
import { RaceExperiment } from './RaceExperiment';
import './LabPanel.css';

interface ExperimentSpec {
  title: string;
  /** The multiprocessing idea it is about, in a few words. */
  idea: string;
  render(): ReactNode;
}

/**
 * Every experiment the Lab offers, in LAB_EXPERIMENTS order. Adding one (queue, pipe, pool, processes,
 * manager, cores) is an entry here and its section component; the list beside shows it.
 */
const EXPERIMENTS: Record<LabExperiment, ExperimentSpec> = {
  race: {
    title: 'Race',
    idea: 'shared memory: Array, Value, Lock',
    render: () => <RaceExperiment />,
  },
};

/** The multiprocessing lab: one experiment per idea, on the user's own photo, run as a service job. */
export function LabPanel() {
  const [current, setCurrent] = useState<LabExperiment>(LAB_EXPERIMENTS[0]);
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
                  <span className="lab-panel__item-title">{EXPERIMENTS[id].title}</span>
                  <span className="lab-panel__item-idea">{EXPERIMENTS[id].idea}</span>
                </button>
              </li>
            ))}
          </ul>
        </nav>
        <div className="lab-panel__experiment">{EXPERIMENTS[current].render()}</div>
      </div>
    </div>
  );
}
