import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetNameProblem } from '../../shared/presets';
import { loadPipeline } from '../pipeline-spec';
import { defaultPresetsDir } from './location';
import { PresetError, PresetStore } from './store';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-presets-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const steps = [
  { id: 'resize', params: { width: 800 }, enabled: true },
  { id: 'gaussian-blur', params: { sigma: 2 }, enabled: false },
];

describe('PresetStore', () => {
  it('saves a preset as a file the CLI reads, lists it, replaces it, removes it', async () => {
    const store = new PresetStore(join(dir, 'a', 'presets'));
    expect(await store.list()).toEqual({ presets: [], problems: [] });
    const saved = await store.save('Web 800 px', steps);
    expect(saved.path).toBe(join(dir, 'a', 'presets', 'Web 800 px.json'));
    expect(JSON.parse(await readFile(saved.path, 'utf8'))).toEqual({
      pixelpool: 1,
      name: 'Web 800 px',
      filters: steps,
    });
    // The very file `--filters @file` reads.
    const loaded = await loadPipeline(`@${saved.path}`);
    expect(loaded.steps).toEqual(steps);

    await store.save('Another', [{ id: 'invert' }]);
    await store.save('Web 800 px', [{ id: 'sobel' }]);
    const { presets } = await store.list();
    expect(presets.map((p) => [p.name, p.steps.map((s) => s.id)])).toEqual([
      ['Another', ['invert']],
      ['Web 800 px', ['sobel']],
    ]);
    expect(await readdir(store.dir)).toEqual(['Another.json', 'Web 800 px.json']);
    await store.remove('Another');
    await store.remove('Another');
    expect((await store.list()).presets.map((p) => p.name)).toEqual(['Web 800 px']);
  });

  it('says which presets there are when the one asked for is not', async () => {
    const store = new PresetStore(join(dir, 'b'));
    await expect(store.get('web')).rejects.toThrow(/no preset named "web" in .*b; none is saved yet/);
    await store.save('Web', [{ id: 'invert' }]);
    await store.save('Print', [{ id: 'invert' }]);
    await expect(store.get('web')).rejects.toThrow(
      /no preset named "web" .*; saved presets: "Print", "Web"$/,
    );
    expect((await store.get('Web')).steps).toEqual([{ id: 'invert', params: {}, enabled: true }]);
  });

  it('lists a bad file with its reason and the good ones still', async () => {
    const store = new PresetStore(join(dir, 'c'));
    await store.save('Good', [{ id: 'invert' }]);
    await writeFile(join(store.dir, 'Broken.json'), '{ "pixelpool": 1, "filters": [');
    await writeFile(join(store.dir, 'Wrong.json'), '{ "pixelpool": 2, "filters": [] }');
    await writeFile(join(store.dir, 'notes.txt'), 'not a preset');
    await writeFile(join(store.dir, 'Huge.json'), ' '.repeat(300 * 1024));
    const { presets, problems } = await store.list();
    expect(presets.map((p) => p.name)).toEqual(['Good']);
    expect(
      problems.map((p) => [p.path.slice(store.dir.length + 1), p.error.replace(`${store.dir}/`, '')]),
    ).toEqual([
      ['Broken.json', expect.stringMatching(/^Broken\.json: not valid JSON/)],
      ['Huge.json', expect.stringMatching(/^Huge\.json: 307200 bytes, more than a preset's 262144/)],
      ['Wrong.json', expect.stringMatching(/^Wrong\.json: not a valid preset: pixelpool: must be 1/)],
    ]);
  });

  it('refuses names that are not plain file names, in the one voice of bad options', async () => {
    const store = new PresetStore(join(dir, 'd'));
    for (const bad of [
      '',
      ' web',
      '../up',
      'a/b',
      'a\\b',
      '.hidden',
      'NUL',
      'com1',
      'x'.repeat(61),
      'tab\there',
    ]) {
      expect(presetNameProblem(bad), bad).toMatch(/^the preset name must be /);
      await expect(store.save(bad, steps), bad).rejects.toBeInstanceOf(PresetError);
    }
    expect(presetNameProblem('Web 800 px (sharp)')).toBeUndefined();
    expect(await readdir(dir)).not.toContain('d');
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable folder is an error that names it', async () => {
    const store = new PresetStore(join(dir, 'e'));
    await store.save('x', steps);
    await chmod(store.dir, 0o000);
    try {
      await expect(store.list()).rejects.toThrow(/e: the presets folder cannot be read/);
    } finally {
      await chmod(store.dir, 0o755);
    }
  });
});

describe('defaultPresetsDir', () => {
  it('is the same folder for every host: the override, else the platform config folder', () => {
    expect(defaultPresetsDir({ PIXELPOOL_PRESETS_DIR: '/x/p' }, 'linux', '/home/me')).toBe('/x/p');
    expect(defaultPresetsDir({}, 'linux', '/home/me')).toBe('/home/me/.config/PixelPool/presets');
    expect(defaultPresetsDir({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/me')).toBe(
      '/cfg/PixelPool/presets',
    );
    expect(defaultPresetsDir({}, 'darwin', '/Users/me')).toBe(
      '/Users/me/Library/Application Support/PixelPool/presets',
    );
  });
});
