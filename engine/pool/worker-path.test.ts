import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locateFilterWorker, WORKER_PATH_ENV } from './worker-path';

describe('locateFilterWorker', () => {
  const made: string[] = [];
  const saved = process.env[WORKER_PATH_ENV];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env[WORKER_PATH_ENV];
    else process.env[WORKER_PATH_ENV] = saved;
  });

  function fakeBuild(): string {
    const root = mkdtempSync(join(tmpdir(), 'pixelpool-build-'));
    made.push(root);
    mkdirSync(join(root, 'out/main/workers'), { recursive: true });
    mkdirSync(join(root, 'out/main/chunks'), { recursive: true });
    mkdirSync(join(root, 'engine/pool'), { recursive: true });
    writeFileSync(join(root, 'out/main/workers/filter.worker.js'), '');
    return root;
  }

  it('finds the worker from a chunk, from out/main and from the source tree', () => {
    delete process.env[WORKER_PATH_ENV];
    const root = fakeBuild();
    const worker = join(root, 'out/main/workers/filter.worker.js');
    expect(locateFilterWorker(join(root, 'out/main/chunks'))).toBe(worker);
    expect(locateFilterWorker(join(root, 'out/main'))).toBe(worker);
    expect(locateFilterWorker(join(root, 'engine/pool'))).toBe(worker);
  });

  it('honours the environment override, and names it when it is wrong', () => {
    const root = fakeBuild();
    process.env[WORKER_PATH_ENV] = join(root, 'out/main/workers/filter.worker.js');
    expect(locateFilterWorker('/')).toBe(process.env[WORKER_PATH_ENV]);
    process.env[WORKER_PATH_ENV] = join(root, 'nope.js');
    expect(() => locateFilterWorker()).toThrow(new RegExp(`${WORKER_PATH_ENV}.*nope\\.js`));
  });

  it('says how to fix a missing build', () => {
    delete process.env[WORKER_PATH_ENV];
    const empty = mkdtempSync(join(tmpdir(), 'pixelpool-empty-'));
    made.push(empty);
    expect(() => locateFilterWorker(empty)).toThrow(/npm run build/);
  });
});
