import { useDeferredValue, useId, useState } from 'react';
import { CORES_DEFAULT_STEPS, MACHINES_DEFAULT_RUNS, MACHINES_MAX_HOSTS } from '../../../../shared/lab';
import { MAX_REDIS_URL_LENGTH, redisUrlProblem, withPassword } from '../../../../shared/redis-url';
import { useApp } from '../../state/AppContext';
import { LabExperimentCard } from './LabExperimentCard';
import { LabNumberField, useWholeNumberField } from './LabNumberField';
import { type LabPipelineChoice, LabPipelineField, useChosenSteps } from './LabPipelineField';
import { MachinesResultView } from './MachinesResultView';
import { useLabAnnouncements } from './useLabAnnouncements';
import type { LabJob } from './useLabJob';
import './MachinesExperiment.css';

/** The host counts typed ("1,2,4"), or undefined for every count, or a problem sentence. */
export function parseHostCounts(text: string): number[] | undefined | string {
  if (text.trim() === '') return undefined;
  const counts = text.split(',').map((p) => Number(p.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1 || n > MACHINES_MAX_HOSTS))
    return `Host counts must be whole numbers from 1 to ${MACHINES_MAX_HOSTS}, separated by commas (e.g. 1,2).`;
  return [...new Set(counts)];
}

/** A text setting: its label, its input (never spell-checked or filled in by the browser), its hint. */
function TextField(props: {
  label: string;
  value: string;
  onChange(value: string): void;
  testId: string;
  hint: string;
  type?: 'text' | 'password';
  placeholder?: string;
  maxLength?: number;
  /** For a URL or a path. */
  wide?: boolean;
}) {
  const id = useId();
  return (
    <div className={`field lab-machines__text${props.wide ? ' lab-machines__wide' : ''}`}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        maxLength={props.maxLength}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => props.onChange(e.currentTarget.value)}
        data-testid={props.testId}
      />
      <span className="field-hint">{props.hint}</span>
    </div>
  );
}

/**
 * The machines experiment: the same batch through the queue on 1, 2, … worker hosts, their throughput
 * and every host's pool workers on one timeline. Its setup is where the hosts are: the Redis they listen
 * on (the password kept by the service for the session, never saved) and a folder on the storage they
 * share for the runs' outputs.
 */
export function MachinesExperiment({ job }: { job: LabJob }) {
  const { capabilities } = useApp();
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [outDir, setOutDir] = useState('');
  const [countsText, setCountsText] = useState('');
  const runsField = useWholeNumberField('Rounds', MACHINES_DEFAULT_RUNS, 1, capabilities.limits.maxRepeat);
  const [pipeline, setPipeline] = useState<LabPipelineChoice>('default');
  const steps = useChosenSteps(pipeline, CORES_DEFAULT_STEPS);
  const result = job.results.machines ?? null;
  const chartFor = useDeferredValue(result);
  const counts = parseHostCounts(countsText);

  const urlProblem =
    url.trim() === ''
      ? 'Enter the Redis URL the worker hosts listen on.'
      : redisUrlProblem(url.trim()) === undefined
        ? null
        : `The Redis URL ${redisUrlProblem(url.trim())}.`;
  const outProblem =
    outDir.trim() === ''
      ? 'Enter a folder on the storage the worker hosts share.'
      : outDir.trim().startsWith('/')
        ? null
        : 'The output folder must be an absolute path, as the worker hosts see it.';
  const problem =
    urlProblem ?? outProblem ?? (typeof counts === 'string' ? counts : null) ?? runsField.problem;

  useLabAnnouncements(job, 'machines', {
    name: 'Machines',
    done: (machines) => {
      const widest = machines.points[machines.points.length - 1];
      return widest?.speedup
        ? `Machines finished: ${widest.hosts} hosts gave ${widest.speedup.median.toFixed(2)} times one host's throughput.`
        : 'Machines finished.';
    },
  });

  return (
    <LabExperimentCard
      experiment="machines"
      job={job}
      title="Machines: one batch on many hosts"
      intro={
        <p>
          The same batch through a job queue (BullMQ on Redis) on 1, 2, … worker hosts, each running{' '}
          <code>pixelpool worker</code> on its own machine: the throughput of each count against one host’s,
          and every host’s pool workers on one timeline. Python would reach for a task queue such as Celery
          here; the idea is the same as a Pool’s, with machines for workers.
        </p>
      }
      fields={
        <>
          <TextField
            label="Redis URL"
            value={url}
            onChange={setUrl}
            wide
            placeholder="redis://host:6379/0"
            maxLength={MAX_REDIS_URL_LENGTH}
            testId="lab-machines-url"
            hint="where the worker hosts listen; rediss:// for TLS"
          />
          <TextField
            label="Password"
            type="password"
            value={password}
            onChange={setPassword}
            testId="lab-machines-password"
            hint="kept for this session only, never saved"
          />
          <TextField
            label="Shared folder"
            value={outDir}
            onChange={setOutDir}
            wide
            placeholder="/srv/photos/pixelpool-scratch"
            testId="lab-machines-out"
            hint="on the storage every host sees at this path, inside their --roots; the runs write here and it is emptied after"
          />
          <TextField
            label="Host counts"
            value={countsText}
            onChange={setCountsText}
            placeholder="all: 1, 2, …"
            testId="lab-machines-counts"
            hint="e.g. 1,2; one host always runs, the reference"
          />
          <LabNumberField
            field={runsField}
            testId="lab-runs"
            hint="each round runs every count once, the order turned round each round"
          />
          <LabPipelineField value={pipeline} onChange={setPipeline} defaultSteps={CORES_DEFAULT_STEPS} />
        </>
      }
      problem={problem}
      startLabel="Run on the hosts"
      againLabel="Run again"
      runningLabel="Measuring…"
      onStart={(chosen) => {
        const runs = runsField.value;
        if (runs === null || typeof counts === 'string' || problem !== null) return;
        void job.start({
          experiment: 'machines',
          imageIds: chosen.map((i) => i.id),
          steps,
          redisUrl: password === '' ? url.trim() : withPassword(url.trim(), password),
          outDir: outDir.trim(),
          ...(counts === undefined ? {} : { hostCounts: counts }),
          runs,
        });
      }}
    >
      {result ? <MachinesResultView result={result} charts={chartFor === result} /> : null}
    </LabExperimentCard>
  );
}
