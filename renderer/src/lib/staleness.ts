/**
 * Whether a benchmark's results still describe what the user has on screen: the pipeline, the image
 * list and the benchmark settings they were measured with, against the current ones. Each difference
 * is one reason, in plain words, for the banner that marks the results stale.
 */
import type { FilterInfo, PipelineStep } from '../api/types';
import { type CanonicalStep, canonicalSteps, describePipelineIds, describeStep } from './pipeline-key';

/** The benchmark settings a result depends on. Optional ones are compared only when either side has one. */
export interface BenchmarkSettingsLike {
  workers: readonly number[];
  transports: readonly string[];
  repeat: number;
  scope?: string;
  timeBudgetSeconds?: number | null;
  kernels?: string;
  pool?: string;
}

export interface BenchmarkInputs {
  steps: readonly PipelineStep[];
  imageIds: readonly string[];
  settings: BenchmarkSettingsLike;
}

export type StaleKind = 'pipeline' | 'images' | 'settings';

export interface StaleReason {
  kind: StaleKind;
  /** "pipeline changed", "images changed", "settings changed". */
  summary: string;
  /** What changed: "sobel → gaussian-blur", "2 removed, 1 added", "repeats 5 → 3". */
  detail: string;
}

const list = (values: readonly (number | string)[]) => (values.length ? values.join(', ') : 'none');
const sortedNumbers = (values: readonly number[]) => [...new Set(values)].sort((a, b) => a - b);
const sortedStrings = (values: readonly string[]) => [...new Set(values)].sort();
const sameList = <T>(a: readonly T[], b: readonly T[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

function pipelineDetail(measured: CanonicalStep[], current: CanonicalStep[]): string | null {
  const ids = (steps: CanonicalStep[]) => steps.map((s) => s.id);
  if (!sameList(ids(measured), ids(current))) {
    return `measured ${describePipelineIds(measured)}, now ${describePipelineIds(current)}`;
  }
  const changes: string[] = [];
  measured.forEach((step, i) => {
    const now = new Map(current[i].params);
    const was = new Map(step.params);
    for (const key of new Set([...was.keys(), ...now.keys()])) {
      if (was.get(key) !== now.get(key)) {
        changes.push(`${step.id} ${key} ${was.get(key) ?? '–'} → ${now.get(key) ?? '–'}`);
      }
    }
  });
  if (changes.length === 0) return null;
  const shown = changes.slice(0, 3).join('; ');
  return changes.length > 3 ? `${shown}; ${changes.length - 3} more` : shown;
}

function imagesDetail(measured: readonly string[], current: readonly string[]): string | null {
  const was = new Set(measured);
  const now = new Set(current);
  const removed = [...was].filter((id) => !now.has(id)).length;
  const added = [...now].filter((id) => !was.has(id)).length;
  if (removed === 0 && added === 0) return null;
  if (now.size === 0) return `no images now (the ${was.size} measured were removed)`;
  const parts: string[] = [];
  if (removed) parts.push(`${removed} removed`);
  if (added) parts.push(`${added} added`);
  return `${parts.join(', ')} since the run`;
}

function settingsDetail(measured: BenchmarkSettingsLike, current: BenchmarkSettingsLike): string | null {
  const changes: string[] = [];
  const wasWorkers = sortedNumbers(measured.workers);
  const nowWorkers = sortedNumbers(current.workers);
  if (!sameList(wasWorkers, nowWorkers)) changes.push(`workers ${list(wasWorkers)} → ${list(nowWorkers)}`);
  const wasTransports = sortedStrings(measured.transports);
  const nowTransports = sortedStrings(current.transports);
  if (!sameList(wasTransports, nowTransports))
    changes.push(`transports ${list(wasTransports)} → ${list(nowTransports)}`);
  if (measured.repeat !== current.repeat) changes.push(`repeats ${measured.repeat} → ${current.repeat}`);
  if ((measured.scope ?? current.scope) !== undefined && measured.scope !== current.scope)
    changes.push(`scope ${measured.scope ?? 'default'} → ${current.scope ?? 'default'}`);
  if ((measured.kernels ?? current.kernels) !== undefined && measured.kernels !== current.kernels)
    changes.push(`kernels ${measured.kernels ?? 'default'} → ${current.kernels ?? 'default'}`);
  if ((measured.pool ?? 'threads') !== (current.pool ?? 'threads'))
    changes.push(`workers are ${measured.pool ?? 'threads'} → ${current.pool ?? 'threads'}`);
  const wasBudget = measured.timeBudgetSeconds ?? null;
  const nowBudget = current.timeBudgetSeconds ?? null;
  if (wasBudget !== nowBudget) {
    const say = (b: number | null) => (b === null ? 'none' : `${b} s`);
    changes.push(`time budget ${say(wasBudget)} → ${say(nowBudget)}`);
  }
  return changes.length ? changes.join('; ') : null;
}

/** Every way the current inputs differ from the measured ones; empty when the results are current. */
export function staleReasons(
  measured: BenchmarkInputs,
  current: BenchmarkInputs,
  filters?: ReadonlyMap<string, FilterInfo>,
): StaleReason[] {
  const reasons: StaleReason[] = [];
  const pipeline = pipelineDetail(
    canonicalSteps(measured.steps, filters),
    canonicalSteps(current.steps, filters),
  );
  if (pipeline) reasons.push({ kind: 'pipeline', summary: 'pipeline changed', detail: pipeline });
  const images = imagesDetail(measured.imageIds, current.imageIds);
  if (images) reasons.push({ kind: 'images', summary: 'images changed', detail: images });
  const settings = settingsDetail(measured.settings, current.settings);
  if (settings) reasons.push({ kind: 'settings', summary: 'settings changed', detail: settings });
  return reasons;
}

/** The pipeline a result was measured with, in CLI words, for the banner ("measured with sobel"). */
export function describeMeasuredPipeline(
  steps: readonly PipelineStep[],
  filters?: ReadonlyMap<string, FilterInfo>,
): string {
  const canonical = canonicalSteps(steps, filters);
  return canonical.length ? canonical.map(describeStep).join(' → ') : 'no filters';
}
