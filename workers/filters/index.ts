/**
 * The filter registry: every filter PixelPool knows, looked up by id, and the validation that turns
 * what users write (CLI specs, presets, UI forms) into steps a kernel can run.
 */

import { expected, optionMessage } from '../../shared/errors';
import { boxBlurFilter } from './box-blur';
import { brightnessContrast } from './brightness-contrast';
import { emboss } from './emboss';
import { gaussianBlur } from './gaussian-blur';
import { grayscale } from './grayscale';
import { invert } from './invert';
import { median } from './median';
import { pixelate } from './pixelate';
import { saturation } from './saturation';
import { sepia } from './sepia';
import { sobel } from './sobel';
import { threshold } from './threshold';
import type {
  Filter,
  ParamSpec,
  Params,
  ParamValue,
  PipelineStep,
  ResolvedStep,
  StepParamSpec,
} from './types';
import { unsharp } from './unsharp';
import { vignette } from './vignette';

export type {
  ChoiceParamSpec,
  Filter,
  FilterCategory,
  ParamSpec,
  Params,
  ParamValue,
  PipelineStep,
  ResolvedStep,
  StepCategory,
  StepParamSpec,
  Strip,
} from './types';

/** Every filter, in catalogue order (by category, then roughly by how often they are used). */
export const filters: readonly Filter[] = [
  invert,
  grayscale,
  sepia,
  brightnessContrast,
  saturation,
  threshold,
  gaussianBlur,
  boxBlurFilter,
  unsharp,
  median,
  sobel,
  emboss,
  pixelate,
  vignette,
] as Filter[];

const byId = new Map<string, Filter>(filters.map((f) => [f.id, f]));

export function getFilter(id: string): Filter | undefined {
  return byId.get(id);
}

/** A pipeline that cannot run: the message names the step, the filter, the parameter and what is allowed. */
export class PipelineError extends Error {
  readonly stepIndex: number | undefined;
  readonly filterId: string | undefined;
  readonly param: string | undefined;

  constructor(message: string, where: { stepIndex?: number; filterId?: string; param?: string } = {}) {
    super(message);
    this.name = 'PipelineError';
    this.stepIndex = where.stepIndex;
    this.filterId = where.filterId;
    this.param = where.param;
  }
}

function describeRange(spec: ParamSpec): string {
  return `${spec.type === 'int' ? 'a whole number' : 'a number'} from ${spec.min} to ${spec.max}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Validates a pipeline and fills in defaults. Disabled steps (enabled === false) are validated too,
 * so a saved preset is either valid or rejected as a whole, but they are left out of the result.
 */
export function resolvePipeline(steps: readonly PipelineStep[]): ResolvedStep[] {
  if (!Array.isArray(steps)) {
    throw new PipelineError(optionMessage('a pipeline', 'a list of steps', steps));
  }
  return steps.flatMap((step: unknown, stepIndex) => {
    const resolved = resolveStep(step, stepIndex);
    return resolved ? [resolved] : [];
  });
}

/**
 * Checks step `stepIndex` of a pipeline: null when it is disabled (still checked). `otherIds` are the
 * ids of steps that are not filters but that the caller also takes (engine/geometry/), so that an
 * unknown id is told every id there is.
 */
export function resolveStep(
  step: unknown,
  stepIndex: number,
  otherIds: readonly string[] = [],
): ResolvedStep | null {
  const at = `step ${stepIndex + 1}`;
  if (!isPlainObject(step) || typeof step.id !== 'string') {
    throw new PipelineError(optionMessage(at, '{ id: string, params?: {...} }', step), { stepIndex });
  }
  const filter = byId.get(step.id);
  if (!filter) {
    throw new PipelineError(
      optionMessage(`${at}: the step`, expected.oneOf([...otherIds, ...filters.map((f) => f.id)]), step.id),
      { stepIndex, filterId: step.id },
    );
  }
  const params = resolveParams(filter, step.params, stepIndex);
  checkEnabled(step, stepIndex, filter.id);
  return step.enabled === false ? null : { filter, params };
}

/** Throws unless a step's `enabled` is absent, true or false. */
export function checkEnabled(step: Record<string, unknown>, stepIndex: number, id: string): void {
  if (step.enabled !== undefined && typeof step.enabled !== 'boolean') {
    throw new PipelineError(
      optionMessage(`step ${stepIndex + 1} (${id}): "enabled"`, 'true or false', step.enabled),
      { stepIndex, filterId: id },
    );
  }
}

/** Resolved steps as plain data again (filter ids, every parameter filled in): for messages and reports. */
export function plainSteps(resolved: readonly ResolvedStep[]): PipelineStep[] {
  return resolved.map((step) => ({ id: step.filter.id, params: step.params }));
}

function resolveParams(filter: Filter, given: unknown, stepIndex: number): Params {
  // A filter's specs are all numbers, so every value resolved is a number.
  return resolveParamValues(filter.id, filter.params, given, stepIndex) as Params;
}

/**
 * Checks the parameters a step was given against its specs and fills in the defaults: numbers within
 * their bounds (whole for 'int'), choices among their options (a number is taken for a choice whose
 * option is written the same, so `rotate:angle=90` reads). Every fault is a PipelineError naming the
 * step, the parameter and what is allowed.
 */
export function resolveParamValues(
  id: string,
  specs: readonly StepParamSpec[],
  given: unknown,
  stepIndex: number,
): Record<string, ParamValue> {
  const at = `step ${stepIndex + 1} (${id})`;
  if (given !== undefined && !isPlainObject(given)) {
    throw new PipelineError(optionMessage(`${at}: params`, 'an object of numbers', given), {
      stepIndex,
      filterId: id,
    });
  }
  const supplied = given ?? {};
  for (const key of Object.keys(supplied)) {
    if (!specs.some((p) => p.key === key)) {
      const known = specs.length
        ? expected.oneOf(specs.map((p) => p.key))
        : `none: "${id}" takes no parameters`;
      throw new PipelineError(optionMessage(`${at}: the parameter`, known, key), {
        stepIndex,
        filterId: id,
        param: key,
      });
    }
  }
  const params: Record<string, ParamValue> = {};
  for (const spec of specs) {
    const value = supplied[spec.key];
    if (value === undefined) {
      params[spec.key] = spec.default;
      continue;
    }
    const where = { stepIndex, filterId: id, param: spec.key };
    if (spec.type === 'choice') {
      const values = spec.options.map((o) => o.value);
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string' || !values.includes(text)) {
        throw new PipelineError(
          optionMessage(`${at}: parameter "${spec.key}"`, expected.oneOf(values), value),
          where,
        );
      }
      params[spec.key] = text;
      continue;
    }
    const fault = (hint?: string) =>
      new PipelineError(
        optionMessage(`${at}: parameter "${spec.key}"`, describeRange(spec), value, hint),
        where,
      );
    if (typeof value !== 'number' || !Number.isFinite(value)) throw fault();
    if (spec.type === 'int' && !Number.isInteger(value)) throw fault('not a whole number');
    if (value < spec.min || value > spec.max) throw fault('out of range');
    params[spec.key] = value;
  }
  return params;
}
