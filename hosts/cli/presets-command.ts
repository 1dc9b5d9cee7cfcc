/**
 * Named presets on the command line: `pixelpool presets` lists the folder the app saves them in, and
 * `--preset <name>` (batch) reads one, as `--filters @<file>` would.
 */
import { defaultPresetsDir } from '../../engine/presets/location';
import { PresetStore } from '../../engine/presets/store';
import { OptionError } from '../../shared/errors';
import type { PipelineStep } from '../../workers/filters/types';

/** A step as the spec syntax writes it: "resize:width=800". */
function specOf(step: PipelineStep): string {
  const params = Object.entries(step.params ?? {}).map(([k, v]) => `${k}=${v}`);
  const text = params.length ? `${step.id}:${params.join(':')}` : step.id;
  return step.enabled === false ? `(${text}, off)` : text;
}

/** The `--filters` value a batch runs: the spec given, or the named preset's file. */
export async function pipelineArgument(opts: { filters?: string; preset?: string }): Promise<string> {
  if (opts.filters !== undefined && opts.preset !== undefined) {
    throw new OptionError(
      '--preset',
      'left out when --filters is given',
      opts.preset,
      'use one or the other',
    );
  }
  if (opts.preset !== undefined)
    return `@${(await new PresetStore(defaultPresetsDir()).get(opts.preset)).path}`;
  if (opts.filters === undefined) {
    throw new OptionError('--filters', 'a pipeline, or --preset <name>', undefined, 'e.g. --filters invert');
  }
  return opts.filters;
}

/** `pixelpool presets`: the presets, their steps and the folder; bad files with their reason. */
export async function presetsCommand(json: boolean): Promise<string> {
  const store = new PresetStore(defaultPresetsDir());
  const { presets, problems } = await store.list();
  if (json) return `${JSON.stringify({ dir: store.dir, presets, problems }, null, 2)}\n`;
  const lines = [`Presets in ${store.dir}:`];
  if (presets.length === 0) lines.push('  none yet: save one in the app, or write a preset file there');
  const width = Math.max(0, ...presets.map((p) => p.name.length));
  for (const preset of presets)
    lines.push(`  ${preset.name.padEnd(width)}  ${preset.steps.map(specOf).join(',')}`);
  for (const problem of problems) lines.push(`  not read: ${problem.error}`);
  lines.push('Run one with: pixelpool batch <inputs> --out <dir> --preset "<name>"');
  return `${lines.join('\n')}\n`;
}
