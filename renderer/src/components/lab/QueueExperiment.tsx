import { useDeferredValue, useId, useState } from 'react';
import {
  LAB_QUEUE_CAPACITIES,
  LAB_QUEUE_MAX_CAPACITIES,
  LAB_QUEUE_MAX_CAPACITY,
  LAB_QUEUE_STEPS,
} from '../../../../shared/lab';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard, wholeIn } from './LabExperimentCard';
import { LabNumberField, useWholeNumberField } from './LabNumberField';
import { chosenSteps, LabPipelineChoice, type PipelineSource, usePanelSteps } from './LabPipelineChoice';
import { QueueResultView } from './QueueResultView';
import { useLabAnnouncements } from './useLabAnnouncements';
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
  const workersField = useWholeNumberField('Workers', capabilities.cores, 1, capabilities.maxWorkers);
  const capacitiesId = useId();
  const [capacitiesText, setCapacitiesText] = useState(LAB_QUEUE_CAPACITIES.join(', '));
  const [source, setSource] = useState<PipelineSource>('default');
  const panel = usePanelSteps();
  const workers = workersField.value;
  const capacities = parseCapacityList(capacitiesText, LAB_QUEUE_MAX_CAPACITY, LAB_QUEUE_MAX_CAPACITIES);
  const result = job.results.queue ?? null;
  const chartsFor = useDeferredValue(result);

  const problem =
    workersField.problem ??
    (capacities === null
      ? `Capacities must be 1 to ${LAB_QUEUE_MAX_CAPACITIES} different whole numbers from 0 (unbounded) to ${LAB_QUEUE_MAX_CAPACITY}, separated by commas.`
      : source === 'panel' && panel.enabled === 0
        ? 'The Pipeline panel has no enabled step: enable one, or run the default.'
        : null);

  useLabAnnouncements(job, 'queue', {
    name: 'Queue experiment',
    done(queue) {
      const done = queue.capacities.filter((r) => r.endedWithSentinel).length;
      return `Queue finished: ${done} of ${queue.capacities.length} runs ended on the DONE sentinel.`;
    },
  });

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
          <LabNumberField
            field={workersField}
            testId="lab-workers"
            hint={<>the filter stage’s threads; default {capabilities.cores}, the cores</>}
          />
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
