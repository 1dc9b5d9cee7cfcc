import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  AddPathsResult,
  ApiResponse,
  BenchmarkReportView,
  JobSnapshot,
  PixelPoolEvent,
} from '../../shared/contract';
import { DEFAULT_KERNELS } from '../../shared/kernels';
import { dispatch } from './dispatch';
import { PixelPoolService } from './service';
import { SETTINGS_FILE } from './settings-store';

const PHOTOS = join(__dirname, '../../assets/photos');

let dir: string;
let service: PixelPoolService;
const events: PixelPoolEvent[] = [];

async function call<T>(method: string, payload?: unknown): Promise<T> {
  const response = await dispatch(service, method, payload);
  if (!response.ok) throw new Error(`${response.error.code}: ${response.error.message}`);
  return response.value as T;
}

async function rgba(bytes: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(bytes).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-service-'));
  await mkdir(join(dir, 'photos/nested'), { recursive: true });
  await copyFile(join(PHOTOS, 'fallen-leaf.jpg'), join(dir, 'photos/leaf.jpg'));
  await copyFile(join(PHOTOS, 'colorful-cups.jpg'), join(dir, 'photos/nested/cups.jpg'));
  await writeFile(join(dir, 'photos/notes.txt'), 'not an image');
  const jpeg = await readFile(join(PHOTOS, 'forest-path.jpg'));
  await writeFile(join(dir, 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 3)));
  await writeFile(join(dir, 'text.png'), 'hello, I am text');
  await sharp({
    create: { width: 7, height: 5, channels: 4, background: { r: 200, g: 40, b: 10, alpha: 0.5 } },
  })
    .png()
    .toFile(join(dir, 'odd.png'));
  service = new PixelPoolService({ host: 'web', settingsDir: join(dir, 'settings'), poolSize: 2 });
  service.onEvent((event) => events.push(event));
});

afterAll(async () => {
  await service?.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** Batch settings and a startBatch request that pass the schemas (the image id need not exist). */
const batchSettings = {
  outDir: '/tmp/pixelpool-out',
  format: 'png',
  quality: 80,
  namePattern: '{name}.{ext}',
  onConflict: 'suffix',
  workers: 1,
};
const batchBase = { imageIds: ['a'], steps: [], ...batchSettings };

describe('dispatch', () => {
  it('refuses unknown methods, bad payloads and extra keys with an error response, never a throw', async () => {
    const cases: [unknown, unknown, string][] = [
      ['nope', undefined, 'unknown-method'],
      [{ toString: 1 }, undefined, 'unknown-method'],
      ['__proto__', undefined, 'unknown-method'],
      ['constructor', undefined, 'unknown-method'],
      ['addPaths', { paths: 'x' }, 'bad-request'],
      ['addPaths', { paths: ['/a'], extra: 1 }, 'bad-request'],
      ['addPaths', { paths: [] }, 'bad-request'],
      ['addPaths', { paths: ['a\0b'] }, 'bad-request'],
      ['getCatalog', { sneaky: true }, 'bad-request'],
      ['renderPreview', { imageId: '../x', steps: [] }, 'bad-request'],
      [
        'startBenchmark',
        { imageIds: ['a'], steps: [], workers: [0], transports: ['copy'], repeat: 1 },
        'bad-request',
      ],
      [
        'startBenchmark',
        { imageIds: ['a'], steps: [], workers: [1], transports: ['copy'], repeat: 1, scope: 'all' },
        'bad-request',
      ],
      [
        'startBenchmark',
        { imageIds: ['a'], steps: [], workers: [1], transports: ['copy'], repeat: 1, timeBudgetSeconds: 0 },
        'bad-request',
      ],
      [
        'startBenchmark',
        { imageIds: ['a'], steps: [], workers: [1], transports: ['copy'], repeat: 1, kernels: 'gpu' },
        'bad-request',
      ],
      [
        'saveSettings',
        { benchmark: { workers: [1], transports: ['copy'], repeat: 1, timeBudgetSeconds: 3601 } },
        'bad-request',
      ],
      ['validatePipeline', { steps: [{ id: 'invert', params: { x: Number.NaN } }] }, 'bad-request'],
      ['validatePipeline', { steps: new Array(33).fill({ id: 'invert' }) }, 'bad-request'],
      ['saveSettings', { batch: { quality: 500 } }, 'bad-request'],
      ['startBatch', { ...batchBase, kernels: 'simd' }, 'bad-request'],
      ['startBatch', { ...batchBase, schedule: 'rows' }, 'bad-request'],
      // The web host's uploads have no folders of the user's to mirror.
      ['startBatch', { ...batchBase, keepFolders: true }, 'bad-request'],
      ['startBatch', { ...batchBase, namePattern: '{dir}{name}.{ext}' }, 'bad-request'],
      ['saveSettings', { batch: { ...batchSettings, kernels: 'gpu' } }, 'bad-request'],
      // Past the schema: only the image is unknown.
      ['startBatch', { ...batchBase, kernels: 'js', schedule: 'images' }, 'not-found'],
      ['getJob', { jobId: 'missing' }, 'not-found'],
    ];
    for (const [method, payload, code] of cases) {
      const response: ApiResponse = await dispatch(service, method, payload);
      const label = typeof method === 'string' ? `${method} ${JSON.stringify(payload)}` : typeof method;
      expect(response.ok, label).toBe(false);
      if (!response.ok) expect(response.error.code, label).toBe(code);
    }
  });

  it('names the field at fault', async () => {
    const response = await dispatch(service, 'saveSettings', { batch: { quality: 500 } });
    expect(response).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/batch\.quality/) },
    });
  });

  it('refuses kernels and schedules the engine does not have, saying which it has', async () => {
    const kernels = await dispatch(service, 'startBatch', { ...batchBase, kernels: 'simd' });
    expect(kernels).toMatchObject({
      ok: false,
      error: {
        code: 'bad-request',
        message: expect.stringMatching(/startBatch request: kernels: .*"js"\|"wasm"/),
      },
    });
    const schedule = await dispatch(service, 'startBatch', { ...batchBase, schedule: 'rows' });
    expect(schedule).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/startBatch request: schedule: .*"auto"\|"strips"\|"images"/) },
    });
  });

  it('accepts a method without a request as undefined, null or {}', async () => {
    for (const payload of [undefined, null, {}]) {
      const response = await dispatch(service, 'listImages', payload);
      expect(response.ok).toBe(true);
    }
  });
});

describe('catalog and capabilities', () => {
  it('lists the registry filters with their params', async () => {
    const catalog = await call<{ filters: { id: string; params: { key: string }[] }[] }>('getCatalog');
    const blur = catalog.filters.find((f) => f.id === 'gaussian-blur');
    expect(blur?.params.map((p) => p.key)).toContain('sigma');
    expect(catalog.filters.some((f) => f.id === 'invert')).toBe(true);
  });

  it('says the web host has no native dialogs', async () => {
    const caps = await call<{ host: string; dialogs: Record<string, boolean> }>('getCapabilities');
    expect(caps.host).toBe('web');
    expect(Object.values(caps.dialogs).every((d) => d === false)).toBe(true);
    const response = await dispatch(service, 'chooseFolder', undefined);
    expect(response).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

describe('images', () => {
  it('adds files and folders, lists broken files with their reason, and serves thumbnails', async () => {
    const result = await call<{
      added: { id: string; name: string; width: number; thumbnail: string | null }[];
      rejected: { name: string; reason: string }[];
      ignored: number;
      duplicates: unknown[];
    }>('addPaths', {
      paths: [
        join(dir, 'photos'),
        join(dir, 'truncated.jpg'),
        join(dir, 'text.png'),
        join(dir, 'odd.png'),
        join(dir, 'missing.jpg'),
      ],
    });
    expect(result.added.map((a) => a.name)).toEqual(['leaf.jpg', 'cups.jpg', 'odd.png']);
    expect(result.ignored).toBe(1);
    const reasons = Object.fromEntries(result.rejected.map((r) => [r.name, r.reason]));
    expect(Object.keys(reasons).sort()).toEqual(['missing.jpg', 'text.png', 'truncated.jpg']);
    expect(reasons['text.png']).toMatch(/not an image|text/i);
    expect(reasons['truncated.jpg']).toMatch(/truncat|corrupt|incomplete|premature/i);
    expect(reasons['missing.jpg']).toMatch(/not found/);

    const odd = result.added.find((a) => a.name === 'odd.png');
    expect(odd?.width).toBe(7);
    const thumb = service.getMedia(result.added[0].thumbnail ?? '');
    expect(thumb?.mime).toBe('image/webp');
    const meta = await sharp(thumb?.bytes).metadata();
    expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(256);

    const again = await call<AddPathsResult>('addPaths', { paths: [join(dir, 'photos/leaf.jpg')] });
    expect(again).toMatchObject({
      added: [],
      duplicates: [{ name: 'leaf.jpg', kind: 'same-file', of: { imageId: result.added[0].id } }],
    });
    expect(events.some((e) => e.type === 'images-changed')).toBe(true);
  });

  it('removes images and frees their thumbnails', async () => {
    const images = await call<{ id: string; name: string; thumbnail: string }[]>('listImages');
    const odd = images.find((i) => i.name === 'odd.png');
    if (!odd) throw new Error('odd.png missing');
    expect(await call('removeImages', { ids: [odd.id, 'unknown'] })).toEqual({ removed: 1 });
    expect(service.getMedia(odd.thumbnail)).toBeUndefined();
    expect((await call<unknown[]>('listImages')).length).toBe(images.length - 1);
  });
});

describe('pipelines and previews', () => {
  it('validates a pipeline: defaults filled, errors name the step', async () => {
    const ok = await call<{ ok: boolean; steps: { params: Record<string, number> }[] }>('validatePipeline', {
      steps: [{ id: 'gaussian-blur' }, { id: 'invert', enabled: false }],
    });
    expect(ok.ok).toBe(true);
    expect(ok.steps[0].params.sigma).toBeTypeOf('number');
    const bad = await call<{ ok: boolean; error: string; stepIndex: number }>('validatePipeline', {
      steps: [{ id: 'invert' }, { id: 'gaussian-blur', params: { sigma: 1e6 } }],
    });
    expect(bad).toMatchObject({ ok: false, stepIndex: 1 });
    expect(bad.error).toMatch(/sigma/);
  });

  it('renders a preview whose pixels are the filter applied to the before image', async () => {
    const [image] = await call<{ id: string; width: number }[]>('listImages');
    const preview = await call<{ before: string; after: string; width: number; height: number }>(
      'renderPreview',
      {
        imageId: image.id,
        steps: [{ id: 'invert' }],
      },
    );
    expect(preview.width).toBe(image.width);
    const before = await rgba(service.getMedia(preview.before)?.bytes as Buffer);
    const after = await rgba(service.getMedia(preview.after)?.bytes as Buffer);
    expect(after.width).toBe(before.width);
    for (let i = 0; i < before.data.length; i += 4) {
      if (after.data[i] !== 255 - before.data[i] || after.data[i + 3] !== before.data[i + 3]) {
        throw new Error(`pixel ${i / 4} differs from the inverted input`);
      }
    }
  });

  it('cancels an older preview of the same image when a newer one arrives', async () => {
    const [image] = await call<{ id: string }[]>('listImages');
    const steps = [{ id: 'gaussian-blur', params: { sigma: 8 } }];
    const first = dispatch(service, 'renderPreview', { imageId: image.id, steps });
    const second = dispatch(service, 'renderPreview', { imageId: image.id, steps });
    const [a, b] = await Promise.all([first, second]);
    expect(a).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(b.ok).toBe(true);
  });

  it('keeps thumbnails, previews and their decoded inputs in one budget, all released by clearImages', async () => {
    // One 2560x1600 preview holds its decoded input (16 MB), two PNGs and the encoded output.
    const budget = 48 * 1024 * 1024;
    const host = new PixelPoolService({
      host: 'web',
      settingsDir: null,
      poolSize: 1,
      mediaCacheBytes: budget,
    });
    try {
      const response = await dispatch(host, 'addPaths', { paths: [PHOTOS] });
      if (!response.ok) throw new Error(response.error.message);
      const { added } = response.value as AddPathsResult;
      expect(added.length).toBe(4);
      const steps = [{ id: 'invert' }];
      for (let round = 0; round < 2; round++) {
        for (const image of added) {
          const preview = await dispatch(host, 'renderPreview', { imageId: image.id, steps });
          expect(preview.ok).toBe(true);
          // One decoded input alone is 16 MB: without them in the budget, four would be 64 MB.
          expect(host.cachedBytes).toBeLessThanOrEqual(budget);
        }
      }
      // A render cut short by removing its image keeps nothing.
      const late = dispatch(host, 'renderPreview', { imageId: added[0].id, steps });
      await dispatch(host, 'clearImages', undefined);
      expect(await late).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(host.cachedBytes).toBe(0);
    } finally {
      await host.dispose();
    }
  });

  it('refuses a preview with an unknown filter, naming it', async () => {
    const [image] = await call<{ id: string }[]>('listImages');
    const response = await dispatch(service, 'renderPreview', {
      imageId: image.id,
      steps: [{ id: 'nosuch' }],
    });
    expect(response).toMatchObject({ ok: false, error: { code: 'invalid-pipeline' } });
    if (!response.ok) expect(response.error.message).toMatch(/nosuch/);
  });

  it('keeps named presets as files in the presets folder: save, list, replace, delete; bad names refused', async () => {
    const presetsDir = join(dir, 'named-presets');
    const host = new PixelPoolService({ host: 'web', settingsDir: null, presetsDir });
    const steps = [{ id: 'resize', params: { width: 800 }, enabled: true }];
    const saved = await dispatch(host, 'savePreset', { name: 'Web 800', steps });
    expect(saved).toMatchObject({
      ok: true,
      value: { name: 'Web 800', path: join(presetsDir, 'Web 800.json') },
    });
    await dispatch(host, 'savePreset', { name: 'Web 800', steps: [{ id: 'invert' }] });
    const listed = await dispatch(host, 'listPresets', undefined);
    expect(listed).toMatchObject({
      ok: true,
      value: { dir: presetsDir, presets: [{ name: 'Web 800', steps: [{ id: 'invert' }] }], problems: [] },
    });
    for (const name of ['../escape', 'a/b', '', '.hidden']) {
      const refused = await dispatch(host, 'savePreset', { name, steps });
      expect(refused, name).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    }
    const unknownStep = await dispatch(host, 'savePreset', { name: 'Bad', steps: [{ id: 'nosuch' }] });
    expect(unknownStep).toMatchObject({ ok: false, error: { code: 'invalid-pipeline' } });
    expect(await dispatch(host, 'deletePreset', { name: 'Web 800' })).toEqual({ ok: true, value: null });
    expect(await dispatch(host, 'listPresets', undefined)).toMatchObject({
      ok: true,
      value: { presets: [] },
    });
    const none = new PixelPoolService({ host: 'web', settingsDir: null, presetsDir: null });
    expect(await dispatch(none, 'listPresets', undefined)).toMatchObject({
      ok: false,
      error: { code: 'unavailable' },
    });
    await host.dispose();
    await none.dispose();
  });

  it('round-trips a preset in the CLI format', async () => {
    const steps = [
      { id: 'gaussian-blur', params: { sigma: 2 } },
      { id: 'invert', enabled: false },
    ];
    const formatted = await call<{ json: string; fileName: string }>('formatPreset', { steps, name: 'Soft' });
    expect(JSON.parse(formatted.json)).toMatchObject({ pixelpool: 1, name: 'Soft' });
    expect(formatted.fileName).toBe('soft.pixelpool.json');
    const parsed = await call<{ steps: unknown[]; name: string }>('parsePreset', { json: formatted.json });
    expect(parsed.name).toBe('Soft');
    expect(parsed.steps).toEqual([
      { id: 'gaussian-blur', params: { sigma: 2 }, enabled: true },
      { id: 'invert', params: {}, enabled: false },
    ]);
    const broken = await dispatch(service, 'parsePreset', {
      json: '{"pixelpool": 1, "filters": [{"id": 3}]}',
    });
    expect(broken).toMatchObject({ ok: false, error: { code: 'invalid-pipeline' } });
    const notJson = await dispatch(service, 'parsePreset', { json: '{' });
    expect(notJson).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });
});

describe('settings', () => {
  it('persists settings as JSON and reads them back in a new service', async () => {
    const saved = await call<{ batch: { quality: number; format: string } }>('saveSettings', {
      batch: {
        quality: 55,
        format: 'webp',
        outDir: '/tmp/x',
        namePattern: '{name}.{ext}',
        onConflict: 'skip',
        workers: 2,
      },
    });
    expect(saved.batch).toMatchObject({ quality: 55, format: 'webp' });
    const onDisk = JSON.parse(await readFile(join(dir, 'settings', SETTINGS_FILE), 'utf8'));
    expect(onDisk.batch.quality).toBe(55);
    const other = new PixelPoolService({ host: 'web', settingsDir: join(dir, 'settings') });
    expect((await other.getSettings()).batch.quality).toBe(55);
    await other.dispose();
  });

  it("keeps the benchmark's scope and time budget when a save leaves them out, and reads an older file", async () => {
    const settingsDir = join(dir, 'bench-settings');
    const other = new PixelPoolService({ host: 'web', settingsDir });
    expect((await other.getSettings()).benchmark).toMatchObject({ scope: 'both', timeBudgetSeconds: null });
    await dispatch(other, 'saveSettings', {
      benchmark: { workers: [1, 2], transports: ['shared'], repeat: 3, scope: 'job', timeBudgetSeconds: 30 },
    });
    const kept = await dispatch(other, 'saveSettings', {
      benchmark: { workers: [2], transports: ['shared'], repeat: 4 },
    });
    expect(kept).toMatchObject({
      ok: true,
      value: { benchmark: { workers: [2], repeat: 4, scope: 'job', timeBudgetSeconds: 30 } },
    });
    await other.dispose();
    // A settings file from before the scope and the budget existed is read, with their defaults.
    const olderDir = join(dir, 'older-settings');
    await mkdir(olderDir);
    await writeFile(
      join(olderDir, SETTINGS_FILE),
      JSON.stringify({ benchmark: { workers: [1], transports: ['copy'], repeat: 7 }, previewMaxSize: 512 }),
    );
    const older = new PixelPoolService({ host: 'web', settingsDir: olderDir });
    const settings = await older.getSettings();
    expect(settings.benchmark).toEqual({
      workers: [1],
      transports: ['copy'],
      repeat: 7,
      scope: 'both',
      timeBudgetSeconds: null,
      kernels: 'wasm',
      pool: 'threads',
    });
    // previewMaxSize is gone (the preview is full size): an old file still loads and drops it.
    expect(JSON.parse(JSON.stringify(settings))).not.toHaveProperty('previewMaxSize');
    await older.dispose();
  });

  it("keeps the batch's kernels, schedule and pool, and reads a file from before they were settings", async () => {
    const settingsDir = join(dir, 'kernel-settings');
    const other = new PixelPoolService({ host: 'web', settingsDir });
    expect((await other.getSettings()).batch).toMatchObject({ kernels: 'wasm', schedule: 'auto' });
    await dispatch(other, 'saveSettings', {
      batch: { ...batchSettings, kernels: 'js', schedule: 'strips', pool: 'processes' },
    });
    const kept = await dispatch(other, 'saveSettings', { batch: { ...batchSettings, quality: 60 } });
    expect(kept).toMatchObject({
      ok: true,
      value: { batch: { quality: 60, kernels: 'js', schedule: 'strips', pool: 'processes' } },
    });
    await other.dispose();
    const reread = new PixelPoolService({ host: 'web', settingsDir });
    expect((await reread.getSettings()).batch).toMatchObject({
      kernels: 'js',
      schedule: 'strips',
      pool: 'processes',
    });
    await reread.dispose();

    const olderDir = join(dir, 'older-batch-settings');
    await mkdir(olderDir);
    await writeFile(
      join(olderDir, SETTINGS_FILE),
      JSON.stringify({ batch: { ...batchSettings, quality: 42 } }),
    );
    const older = new PixelPoolService({ host: 'web', settingsDir: olderDir });
    expect((await older.getSettings()).batch).toEqual({
      ...batchSettings,
      quality: 42,
      kernels: 'wasm',
      schedule: 'auto',
      pool: 'threads',
      metadata: 'keep',
      stripGps: false,
      keepFolders: false,
      runOn: 'local',
      redisUrl: '',
    });
    await older.dispose();
  });

  it('falls back to defaults when the file is damaged', async () => {
    const settingsDir = join(dir, 'damaged');
    await mkdir(settingsDir);
    await writeFile(
      join(settingsDir, SETTINGS_FILE),
      '{"batch": {"quality": "loud"}, "__proto__": {"x": 1}}',
    );
    const other = new PixelPoolService({ host: 'web', settingsDir });
    const settings = await other.getSettings();
    // The defaults the CLI has too (issue 10: one default quality, the input's format kept).
    expect(settings.batch).toMatchObject({ quality: 80, format: 'same' });
    expect((settings as unknown as { x?: number }).x).toBeUndefined();
    await other.dispose();
  });
});

describe('openPath', () => {
  it("opens only a batch's own output folder, and only through a host that can", async () => {
    const opened: string[] = [];
    const host = new PixelPoolService({
      host: 'electron',
      settingsDir: null,
      poolSize: 1,
      dialogs: { openPath: async (path) => void opened.push(path) },
    });
    try {
      const added = await dispatch(host, 'addPaths', { paths: [join(dir, 'photos/leaf.jpg')] });
      if (!added.ok) throw new Error(added.error.message);
      const outDir = join(dir, 'open-out');
      const started = await dispatch(host, 'startBatch', {
        imageIds: [(added.value as AddPathsResult).added[0].id],
        steps: [{ id: 'invert' }],
        outDir,
        format: 'png',
        quality: 80,
        namePattern: '{name}.{ext}',
        onConflict: 'overwrite',
        workers: 1,
      });
      if (!started.ok) throw new Error(started.error.message);
      const jobId = (started.value as { jobId: string }).jobId;
      for (;;) {
        const job = await dispatch(host, 'getJob', { jobId });
        if (job.ok && (job.value as { state: string }).state !== 'running') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await dispatch(host, 'openPath', { path: outDir })).toEqual({ ok: true, value: null });
      // Existing folders that no batch wrote to: the photos' folder, the root, a bundle-like folder.
      await mkdir(join(dir, 'Tool.app'), { recursive: true });
      for (const path of [dir, '/', join(dir, 'Tool.app')]) {
        expect(await dispatch(host, 'openPath', { path })).toMatchObject({
          ok: false,
          error: { code: 'bad-request' },
        });
      }
      expect(await dispatch(host, 'openPath', { path: join(dir, 'odd.png') })).toMatchObject({
        ok: false,
        error: { code: 'not-found' },
      });
      expect(await dispatch(host, 'openPath', { path: 'relative' })).toMatchObject({ ok: false });
      expect(opened).toEqual([outDir]);
    } finally {
      await host.dispose();
    }
  });
});

function jobEnd(jobId: string): Promise<PixelPoolEvent & { type: 'job-state' }> {
  return new Promise((resolve) => {
    const off = service.onEvent((event) => {
      if (event.type === 'job-state' && event.job.jobId === jobId && event.job.state !== 'running') {
        off();
        resolve(event);
      }
    });
  });
}

describe('batch jobs', () => {
  // Each test adds its own photos; some are copies of photos listed before, which the list would skip.
  beforeEach(async () => {
    await call('clearImages');
  });

  it('writes every good file in the chosen format and reports the one that broke', async () => {
    const src = join(dir, 'batch-src');
    await mkdir(src);
    await copyFile(join(PHOTOS, 'fallen-leaf.jpg'), join(src, 'a.jpg'));
    await copyFile(join(PHOTOS, 'colorful-cups.jpg'), join(src, 'b.jpg'));
    await copyFile(join(PHOTOS, 'forest-path.jpg'), join(src, 'c.jpg'));
    const { added } = await call<AddPathsResult>('addPaths', { paths: [src] });
    expect(added).toHaveLength(3);
    // The file breaks after it was added: the batch must report it and go on with the others.
    await writeFile(join(src, 'b.jpg'), 'garbage');
    const outDir = join(dir, 'batch-out');
    const { jobId } = await call<{ jobId: string }>('startBatch', {
      imageIds: added.map((a) => a.id),
      steps: [{ id: 'invert' }],
      outDir,
      format: 'webp',
      quality: 70,
      namePattern: '{name}-edited.{ext}',
      onConflict: 'suffix',
      workers: 2,
    });
    const end = await jobEnd(jobId);
    expect(end.job.state).toBe('done');
    const job = await call<{
      files: { name: string; state: string; error: string | null; output: string }[];
    }>('getJob', { jobId });
    expect(job.files.map((f) => f.state)).toEqual(['done', 'failed', 'done']);
    expect(job.files[1].error).toMatch(/not an image|text|corrupt/i);
    for (const file of [job.files[0], job.files[2]]) {
      const meta = await sharp(file.output).metadata();
      expect(meta.format).toBe('webp');
      const source = added.find((a) => a.name === file.name);
      expect([meta.width, meta.height]).toEqual([source?.width, source?.height]);
    }
    expect(events.some((e) => e.type === 'batch-done' && e.jobId === jobId)).toBe(true);
    expect((await call<{ jobId: string }[]>('listJobs')).some((j) => j.jobId === jobId)).toBe(true);
  });

  it('filters with the kernels asked for and says in the summary which ran', async () => {
    const src = join(dir, 'kernels-src');
    await mkdir(src);
    await sharp(join(PHOTOS, 'fallen-leaf.jpg')).resize({ width: 240 }).toFile(join(src, 'leaf.jpg'));
    const { added } = await call<AddPathsResult>('addPaths', { paths: [src] });
    const request = {
      ...batchBase,
      imageIds: added.map((a) => a.id),
      steps: [{ id: 'box-blur', params: { radius: 2 } }],
      outDir: join(dir, 'kernels-out'),
      onConflict: 'overwrite',
      workers: 2,
    };
    const ran = async (choice: object) => {
      const { jobId } = await call<{ jobId: string }>('startBatch', { ...request, ...choice });
      expect((await jobEnd(jobId)).job.state).toBe('done');
      return call<JobSnapshot & { kind: 'batch' }>('getJob', { jobId });
    };
    const js = await ran({ kernels: 'js', schedule: 'images' });
    expect(js.request).toMatchObject({ kernels: 'js', schedule: 'images' });
    expect(js.summary).toMatchObject({ done: 1, kernels: 'js' });
    expect(js.summary?.kernelsFallback).toBeUndefined();
    // Left out, the engine's default: WebAssembly, which the test build has (vitest.global-setup.ts).
    const byDefault = await ran({});
    expect(byDefault.summary).toMatchObject({ done: 1, kernels: DEFAULT_KERNELS });
    expect(byDefault.summary?.kernelsFallback).toBeUndefined();
  });

  const canMount = process.platform === 'linux' && process.getuid?.() === 0;
  it.skipIf(!canMount)(
    'a disk that fills up mid-batch still ends the job with its summary and every file settled',
    async () => {
      const outDir = join(dir, 'tiny-disk');
      await mkdir(outDir);
      // Room for the writability probe and about one PNG of a photo, not four.
      if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', outDir]).status !== 0) return;
      try {
        const { added } = await call<AddPathsResult>('addPaths', { paths: [PHOTOS] });
        const { jobId } = await call<{ jobId: string }>('startBatch', {
          imageIds: added.map((a) => a.id),
          steps: [{ id: 'invert' }],
          outDir,
          format: 'png',
          quality: 80,
          namePattern: '{name}-full.{ext}',
          onConflict: 'suffix',
          workers: 2,
        });
        const end = await jobEnd(jobId);
        expect(end.job.state).toBe('failed');
        expect(end.job.error).toMatch(/no space left on the device \(ENOSPC\)/);
        const done = events.find((e) => e.type === 'batch-done' && e.jobId === jobId);
        expect(done).toBeDefined();
        const job = await call<{ files: { state: string }[] }>('getJob', { jobId });
        expect(job.files.every((f) => ['done', 'failed', 'cancelled', 'skipped'].includes(f.state))).toBe(
          true,
        );
        expect((await readdir(outDir)).filter((n) => n.startsWith('.'))).toEqual([]);
      } finally {
        spawnSync('umount', [outDir]);
      }
    },
  );

  it('refuses a relative output folder and unknown images', async () => {
    const [image] = (await call<AddPathsResult>('addPaths', { paths: [join(dir, 'odd.png')] })).added;
    const base = {
      steps: [],
      format: 'png',
      quality: 80,
      namePattern: '{name}.{ext}',
      onConflict: 'suffix',
      workers: 1,
    };
    expect(
      await dispatch(service, 'startBatch', { ...base, imageIds: [image.id], outDir: 'out' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await dispatch(service, 'startBatch', { ...base, imageIds: ['nope'], outDir: dir })).toMatchObject(
      {
        ok: false,
        error: { code: 'not-found' },
      },
    );
  });

  it('cancels a batch and leaves no partial or temporary files', async () => {
    const src = join(dir, 'cancel-src');
    await mkdir(src);
    // Six different files (a copy would be listed once): the photo at six qualities.
    for (const n of [1, 2, 3, 4, 5, 6]) {
      await sharp(join(PHOTOS, 'forest-path.jpg'))
        .jpeg({ quality: 80 + n })
        .toFile(join(src, `p${n}.jpg`));
    }
    const { added } = await call<AddPathsResult>('addPaths', { paths: [src] });
    const outDir = join(dir, 'cancel-out');
    let firstDone: () => void = () => {};
    const oneWritten = new Promise<void>((resolve) => {
      firstDone = resolve;
    });
    const off = service.onEvent((e) => {
      if (e.type === 'batch-file' && e.file.state === 'done') firstDone();
    });
    const { jobId } = await call<{ jobId: string }>('startBatch', {
      imageIds: added.map((a) => a.id),
      steps: [{ id: 'gaussian-blur', params: { sigma: 6 } }],
      outDir,
      format: 'png',
      quality: 80,
      namePattern: '{name}.{ext}',
      onConflict: 'overwrite',
      workers: 2,
    });
    const ended = jobEnd(jobId);
    // Cancel once one file is written: the others are queued, decoding or in the pool.
    await oneWritten;
    off();
    expect(await call('cancelJob', { jobId })).toEqual({ cancelled: true });
    expect((await ended).job.state).toBe('cancelled');
    const job = await call<{ files: { state: string; output: string | null }[] }>('getJob', { jobId });
    expect(job.files.some((f) => f.state === 'cancelled')).toBe(true);
    expect(job.files.some((f) => f.state === 'done')).toBe(true);
    const { readdir } = await import('node:fs/promises');
    const left = await readdir(outDir).catch(() => [] as string[]);
    const done = job.files.filter((f) => f.state === 'done').map((f) => basename(f.output ?? ''));
    expect(left.sort()).toEqual(done.sort());
    for (const name of left) expect((await sharp(join(outDir, name)).metadata()).format).toBe('png');
    expect(await call('cancelJob', { jobId })).toEqual({ cancelled: false });
  });
});

describe('benchmark jobs', () => {
  it('streams progress and task spans, ends with one pool run per worker count, and exports', async () => {
    const src = join(dir, 'bench-src');
    await mkdir(src);
    const small = join(src, 'small.png');
    await sharp(join(PHOTOS, 'fallen-leaf.jpg')).resize({ width: 320 }).png().toFile(small);
    const { added } = await call<AddPathsResult>('addPaths', { paths: [small] });
    const seen: PixelPoolEvent[] = [];
    const off = service.onEvent((e) => seen.push(e));
    const { jobId } = await call<{ jobId: string }>('startBenchmark', {
      imageIds: added.map((a) => a.id),
      steps: [{ id: 'gaussian-blur', params: { sigma: 2 } }],
      workers: [1, 2],
      transports: ['shared'],
      repeat: 1,
      kernels: 'js',
    });
    const end = await jobEnd(jobId);
    off();
    expect(end.job.state).toBe('done');
    expect(seen.some((e) => e.type === 'benchmark-progress' && e.jobId === jobId)).toBe(true);
    const spans = seen.flatMap((e) => (e.type === 'benchmark-tasks' && e.jobId === jobId ? e.tasks : []));
    expect(spans.length).toBeGreaterThan(0);
    expect(new Set(spans.map((s) => s.workerId))).toEqual(new Set([0, 1]));
    for (const span of spans) expect(span.endMs).toBeGreaterThanOrEqual(span.startMs);

    // Both scopes by default: the filter stage's runs, then the whole job's, each with its own serial run.
    expect(new Set(spans.map((s) => s.scope))).toEqual(new Set(['filter', 'job']));
    expect(spans.filter((s) => s.scope === 'job').every((s) => s.run.startsWith('job: '))).toBe(true);
    expect(new Set(spans.filter((s) => s.scope === 'job').map((s) => s.schedule))).toEqual(
      new Set(['strips', 'images']),
    );
    const job = await call<{ report: BenchmarkReportView }>('getJob', { jobId });
    const { report } = job;
    expect(report.scope).toBe('both');
    expect(report.runs.map((r) => `${r.scope} ${r.mode} ${r.workers} ${r.schedule}`)).toEqual([
      'filter serial 1 null',
      'filter pool 1 strips',
      'filter pool 2 strips',
      'job serial 1 null',
      'job pool 1 strips',
      'job pool 1 images',
      'job pool 2 strips',
      'job pool 2 images',
      'job reference 1 null',
      'job reference 2 null',
    ]);
    // The kernels of the request, and the sharp script the job is compared with.
    expect(report.kernels).toBe('js');
    expect(report.jobReference?.comparisons).toHaveLength(4);
    expect(report.jobReference?.summary).toMatch(/^PixelPool takes /);
    expect(report.jobReferenceMissing).toBeNull();
    for (const run of report.runs) {
      expect(run.speedupCI[0]).toBeLessThanOrEqual(run.speedup);
      expect(run.speedupCI[1]).toBeGreaterThanOrEqual(run.speedup);
      expect(run).toMatchObject({
        cv: expect.any(Number),
        minMs: expect.any(Number),
        maxMs: expect.any(Number),
        outliers: expect.any(Number),
        pairs: expect.any(Number),
        warnings: expect.any(Array),
      });
      expect(Object.keys(run.split).sort()).toEqual(
        ['compute', 'decode', 'dispatch', 'encode', 'idle', 'reassemble'].sort(),
      );
    }
    expect(Array.isArray(report.warnings)).toBe(true);
    for (const fit of [report.amdahl, report.jobAmdahl]) {
      expect(fit).toMatchObject({ transport: 'shared', trusted: expect.any(Boolean) });
      expect(fit?.serialFractionCI).toHaveLength(2);
      expect(fit?.note === null || typeof fit?.note === 'string').toBe(true);
    }

    const json = await call<{ text: string; fileName: string }>('exportBenchmark', { jobId, format: 'json' });
    expect(JSON.parse(json.text).runs).toHaveLength(10);
    expect(JSON.parse(json.text).kernels).toBe('js');
    expect(json.fileName).toMatch(/\.json$/);
    const csv = await call<{ text: string }>('exportBenchmark', { jobId, format: 'csv' });
    const lines = csv.text.trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toMatch(
      /^scope,mode,workers,transport,medianMs,megapixelsPerSecond,speedup,speedupLow,speedupHigh,.*,schedule,kernels,pool$/,
    );
    expect(lines[1]).toMatch(/^filter,serial,1,,.*,js,$/);
    expect(lines[6]).toMatch(/^job,pool,1,shared,.*,images,js,threads$/);
    expect(report.pool).toBe('threads');
  });

  it('measures one scope in adaptive mode when the request asks', async () => {
    const images = await call<{ id: string; name: string }[]>('listImages');
    const { jobId } = await call<{ jobId: string }>('startBenchmark', {
      imageIds: images.filter((i) => i.name === 'small.png').map((i) => i.id),
      steps: [{ id: 'invert' }],
      workers: [2],
      transports: ['shared'],
      repeat: 50, // not used: the time budget decides
      scope: 'filter',
      timeBudgetSeconds: 1,
    });
    expect((await jobEnd(jobId)).job.state).toBe('done');
    const { report } = await call<{
      report: BenchmarkReportView & { raw: { timeBudgetSeconds: number; repeat: number } };
    }>('getJob', { jobId });
    expect(report.scope).toBe('filter');
    expect(report.runs.map((r) => r.scope)).toEqual(['filter', 'filter']);
    expect(report.jobAmdahl).toBeNull();
    expect(report.raw.timeBudgetSeconds).toBe(1);
    expect(report.raw.repeat).toBeLessThan(50);
  });

  it('runs one job at a time and cancels a running benchmark', async () => {
    const images = await call<{ id: string }[]>('listImages');
    const request = {
      imageIds: images.slice(0, 2).map((i) => i.id),
      steps: [{ id: 'median', params: { radius: 5 } }],
      workers: [1, 2],
      transports: ['copy', 'shared'],
      repeat: 5,
    };
    const { jobId } = await call<{ jobId: string }>('startBenchmark', request);
    const second = await dispatch(service, 'startBenchmark', request);
    expect(second).toMatchObject({ ok: false, error: { code: 'limit' } });
    const ended = jobEnd(jobId);
    const started = Date.now();
    expect(await call('cancelJob', { jobId })).toEqual({ cancelled: true });
    expect((await ended).job.state).toBe('cancelled');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
