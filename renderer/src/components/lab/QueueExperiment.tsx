import { useDeferredValue, useEffect, useId, useState } from 'react';
import {
  LAB_QUEUE_CAPACITIES,
  LAB_QUEUE_MAX_CAPACITIES,
  LAB_QUEUE_MAX_CAPACITY,
  LAB_QUEUE_STEPS,
} from '../../../../shared/lab';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard, wholeIn } from './LabExperimentCard';
import { chosenSteps, LabPipelineChoice, type PipelineSource, usePanelSteps } from './LabPipelineChoice';
import { QueueResultView } from './QueueResultView';
import type { LabJob } from './useLabJob';
import './QueueExperiment.css';

/**
 * The capacities in a field ("1, 4, 0"): whole numbers from 0 (unbounded) to `max`, each once, at most
 * `count` of them; null when the text is not such a list.
 */
export function parseCapacityList(text: string, max: number, count: number): number[] | null {
  const parts = text.split(',').map((p) => p.trim());
  const list = parts.map((p) => wholeIn(p, 0, max));
  if (list.length === 0 || list.length > count || list.some((n) => n === null)) return null;
  const numbers = list as number[];
  return new Set(numbers).size === numbers.length ? numbers : null;
}

/**
 * The queue experiment: its setup (pipeline, workers, capacities) and its result. The photos are the
 * library's first ones, or the sample photos the service picks when the library is empty.
 */
export function QueueExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const announce = useAnnounce();
  const workersId = useId();
  const capacitiesId = useId();
  const maxWorkers = capabilities.maxWorkers;
  const [workersText, setWorkersText] = useState(String(capabilities.cores));
  const [capacitiesText, setCapacitiesText] = useState(LAB_QUEUE_CAPACITIES.join(', '));
  const [source, setSource] = useState<PipelineSource>('default');
  const panel = usePanelSteps();
  const workers = wholeIn(workersText, 1, maxWorkers);
  const capacities = parseCapacityList(capacitiesText, LAB_QUEUE_MAX_CAPACITY, LAB_QUEUE_MAX_CAPACITIES);
  const result = job.results.queue ?? null;
  const mine = job.request?.experiment === 'queue';
  const chartsFor = useDeferredValue(result);

  const problem =
    workers === null
      ? `Workers must be a whole number from 1 to ${maxWorkers}.`
      : capacities === null
        ? `Capacities must be 1 to ${LAB_QUEUE_MAX_CAPACITIES} different whole numbers from 0 (unbounded) to ${LAB_QUEUE_MAX_CAPACITY}, separated by commas.`
        : source === 'panel' && panel.enabled === 0
          ? 'The Pipeline panel has no enabled step: enable one, or run the default.'
          : null;

  useEffect(() => {
    if (!mine) return;
    if (job.state === 'done' && result) {
      const done = result.capacities.filter((r) => r.endedWithSentinel).length;
      announce(`Queue finished: ${done} of ${result.capacities.length} runs ended on the DONE sentinel.`);
    } else if (job.state === 'cancelled') announce('Queue experiment cancelled.');
    else if (job.state === 'failed' && job.error) announce(`Queue experiment failed: ${job.error}`);
  }, [mine, job.state, result, job.error, announce]);

  return (
    <LabExperimentCard
      experiment="queue"
      job={job}
      title="Queue: producer and consumers, bounded"
      intro={
        <p>
          Decode → filter → encode, one stage each, joined by two queues of one capacity per run: a full queue
          makes its producer wait, so a fast decoder cannot run ahead of a slow filter. Each consumer stops on
          the DONE sentinel its producer leaves last. The depths of both queues over time show what the
          capacity holds back, and what it costs in memory and throughput.
        </p>
      }
      fields={
        <>
          <LabPipelineChoice
            defaultSteps={LAB_QUEUE_STEPS}
            why="a filter slower than a decode, so there is something to hold back"
            source={source}
            onSource={setSource}
            testId="lab-queue-pipeline"
          />
          <div className="field">
            <label htmlFor={workersId}>Workers</label>
            <input
              id={workersId}
              type="number"
              min={1}
              max={maxWorkers}
              step={1}
              value={workersText}
              onChange={(e) => setWorkersText(e.currentTarget.value)}
              data-testid="lab-workers"
            />
            <span className="field-hint">
              the filter stage’s threads; default {capabilities.cores}, the cores
            </span>
          </div>
          <div className="field lab-queue__capacities">
            <label htmlFor={capacitiesId}>Capacities</label>
            <input
              id={capacitiesId}
              type="text"
              inputMode="numeric"
              value={capacitiesText}
              onChange={(e) => setCapacitiesText(e.currentTarget.value)}
              data-testid="lab-capacities"
            />
            <span className="field-hint">one run each, comma-separated; 0 is unbounded</span>
          </div>
        </>
      }
      problem={problem}
      startLabel="Run the queues"
      againLabel="Run again"
      runningLabel="Running…"
      onStart={(chosen) => {
        if (workers === null || capacities === null) return;
        void job.start({
          experiment: 'queue',
          imageIds: chosen.map((i) => i.id),
          steps: chosenSteps(source, LAB_QUEUE_STEPS, panel.steps),
          workers,
          capacities,
        });
      }}
    >
      {result ? <QueueResultView result={result} charts={chartsFor === result} /> : null}
    </LabExperimentCard>
  );
}
