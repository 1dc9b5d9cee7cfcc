import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFilter } from '../workers/filters/index';
import {
  loadPipeline,
  PipelineError,
  PipelineSpecError,
  parseFilterSpec,
  serializePreset,
} from './pipeline-spec';
import { parsePreset, readPreset } from './preset';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-spec-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('parseFilterSpec', () => {
  it('reads filters, parameters and numbers of every shape', () => {
    expect(parseFilterSpec('gaussian-blur:sigma=3,sobel')).toEqual([
      { id: 'gaussian-blur', params: { sigma: 3 } },
      { id: 'sobel' },
    ]);
    expect(parseFilterSpec(' unsharp : sigma = 2.5 : amount=-.5 ,  invert ')).toEqual([
      { id: 'unsharp', params: { sigma: 2.5, amount: -0.5 } },
      { id: 'invert' },
    ]);
    expect(parseFilterSpec('x:a=1e-3:b=+4.')).toEqual([{ id: 'x', params: { a: 0.001, b: 4 } }]);
  });

  it("reads a choice's word or ratio as text, for resolveEdit to check", async () => {
    expect(
      parseFilterSpec('resize:width=800:fit=cover,crop:aspect=3/2:gravity=north,rotate:angle=90'),
    ).toEqual([
      { id: 'resize', params: { width: 800, fit: 'cover' } },
      { id: 'crop', params: { aspect: '3/2', gravity: 'north' } },
      { id: 'rotate', params: { angle: 90 } },
    ]);
    // A word where a number belongs parses, and the registry says what the parameter takes.
    await expect(loadPipeline('gaussian-blur:sigma=big')).rejects.toThrow(
      'step 1 (gaussian-blur): parameter "sigma" must be a number from 0.5 to 20, got "big"',
    );
  });

  it.each([
    ['', 'The filter spec is empty: name at least one filter, e.g. sobel'],
    ['   ', 'The filter spec is empty: name at least one filter, e.g. sobel'],
    [
      'sobel,,invert',
      'Filter spec piece 2 of 3 is empty: two commas in a row, or a comma at the start or end of "sobel,,invert"',
    ],
    [
      'sobel,',
      'Filter spec piece 2 of 2 is empty: two commas in a row, or a comma at the start or end of "sobel,"',
    ],
    [':sigma=3', `Filter spec piece ":sigma=3" has no filter id before ':'`],
    [
      'gaussian-blur:sigma',
      'Filter spec piece "gaussian-blur:sigma": parameter "sigma" has no value; write sigma=<number>',
    ],
    [
      'gaussian-blur:sigma=',
      'Filter spec piece "gaussian-blur:sigma=": sigma= is not a number or a word (such as fit=cover)',
    ],
    [
      'gaussian-blur:sigma=3;4',
      'Filter spec piece "gaussian-blur:sigma=3;4": sigma=3;4 is not a number or a word (such as fit=cover)',
    ],
    ['gaussian-blur:=3', `Filter spec piece "gaussian-blur:=3": "=3" has no parameter name before '='`],
    [
      'gaussian-blur:',
      `Filter spec piece "gaussian-blur:" has an empty parameter (':' with nothing after it)`,
    ],
    ['blur:a=1:a=2', 'Filter spec piece "blur:a=1:a=2" sets "a" twice'],
    [
      'gauss blur',
      `Filter spec piece "gauss blur": "gauss blur" is not a filter id (letters, digits and '-')`,
    ],
  ])('refuses %j with a message naming the piece', (spec, message) => {
    expect(() => parseFilterSpec(spec)).toThrow(new PipelineSpecError(message));
  });
});

describe('presets', () => {
  const steps = [
    { id: 'gaussian-blur', params: { sigma: 3 }, enabled: true },
    { id: 'invert', params: {}, enabled: false },
  ];

  it('reads the full form and a bare array', () => {
    expect(parsePreset({ pixelpool: 1, filters: steps }, 'p.json').filters).toEqual(steps);
    expect(parsePreset([{ id: 'sobel' }], 'p.json')).toEqual({ pixelpool: 1, filters: [{ id: 'sobel' }] });
  });

  it.each([
    [
      { pixelpool: 2, filters: [] },
      'p.json: not a valid preset: pixelpool: must be 1 (the preset format version)',
    ],
    [{ filters: [] }, 'p.json: not a valid preset: pixelpool: must be 1 (the preset format version)'],
    [
      { pixelpool: 1, filters: [{ id: 'gaussian-blur', params: { sigma: true } }] },
      'p.json: not a valid preset: filters.0.params.sigma: Invalid input',
    ],
    [[{ id: '' }], 'p.json: not a valid preset: 0.id: a filter id is required'],
    [
      { pixelpool: 1, filters: [{ id: 'sobel', param: {} }] },
      'p.json: not a valid preset: filters.0: Unrecognized key: "param"',
    ],
    [
      'sobel',
      'p.json: not a valid preset: expected { "pixelpool": 1, "filters": [...] } or an array of filters',
    ],
  ])('refuses %j naming the file and the field', (json, message) => {
    expect(() => parsePreset(json, 'p.json')).toThrow(new PipelineSpecError(message));
  });

  it('reads back what serializePreset writes', async () => {
    const path = join(dir, 'soft.json');
    await writeFile(path, serializePreset(steps, 'Soft'));
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ pixelpool: 1, name: 'Soft', filters: steps });
    expect(await readPreset(path)).toEqual({ pixelpool: 1, name: 'Soft', filters: steps });
    await writeFile(path, serializePreset([{ id: 'sobel' }]));
    expect((await readPreset(path)).filters).toEqual([{ id: 'sobel', params: {}, enabled: true }]);
    expect(serializePreset([{ id: 'sobel' }])).toBe(
      '{\n  "pixelpool": 1,\n  "filters": [\n    {\n      "id": "sobel",\n      "params": {},\n      "enabled": true\n    }\n  ]\n}\n',
    );
  });

  it('names the file when it is missing or not JSON', async () => {
    await expect(readPreset(join(dir, 'none.json'))).rejects.toThrow(
      `${join(dir, 'none.json')}: preset file not found`,
    );
    await writeFile(join(dir, 'broken.json'), '{ "pixelpool": 1, ');
    await expect(readPreset(join(dir, 'broken.json'))).rejects.toThrow(
      new RegExp(`^${join(dir, 'broken.json')}: not valid JSON \\(`),
    );
  });
});

describe('loadPipeline', () => {
  it('resolves a spec through the filter registry, filling defaults', async () => {
    const { steps, edit } = await loadPipeline('gaussian-blur:sigma=3,invert');
    const resolved = edit.filters;
    expect(steps).toEqual([{ id: 'gaussian-blur', params: { sigma: 3 } }, { id: 'invert' }]);
    expect(resolved.map((s) => s.filter.id)).toEqual(['gaussian-blur', 'invert']);
    expect(resolved[0].params.sigma).toBe(3);
    expect(resolved[0].filter).toBe(getFilter('gaussian-blur'));
  });

  it('reads @preset.json relative to the given folder and skips disabled steps', async () => {
    await writeFile(
      join(dir, 'preset.json'),
      JSON.stringify({ pixelpool: 1, filters: [{ id: 'invert', enabled: false }, { id: 'gaussian-blur' }] }),
    );
    const { steps, edit } = await loadPipeline('@preset.json', dir);
    const resolved = edit.filters;
    expect(steps).toHaveLength(2);
    expect(resolved.map((s) => s.filter.id)).toEqual(['gaussian-blur']);
  });

  it('passes on the registry’s errors for unknown filters and bad values', async () => {
    await expect(loadPipeline('no-such-filter')).rejects.toThrow(PipelineError);
    await expect(loadPipeline('no-such-filter')).rejects.toThrow(
      /the step must be one of resize, crop, .*, got "no-such-filter"/,
    );
    await expect(loadPipeline('gaussian-blur:sigma=-1')).rejects.toThrow(
      /\(gaussian-blur\): parameter "sigma" must be/,
    );
    await expect(loadPipeline('gaussian-blur:radius=1')).rejects.toThrow(
      /the parameter must be one of sigma, got "radius"/,
    );
  });
});
