/**
 * The job scope's pool contenders in both schedules, on a real pool: their output is the serial one byte
 * for byte (checked on the first run), whole images go one per task, and a wrong pixel is caught.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolvePipeline } from '../../workers/filters/index';
import { stageShape } from '../batch/lanes';
import { decodeImage } from '../images/index';
import { writePhoto } from '../images/test-fixtures';
import { FilterPool } from '../pool/filter-pool';
import { runSerial } from '../pool/serial';
import type { TaskEvent } from '../pool/types';
import { type BenchmarkInputs, imagesInPool, poolJob } from './contenders';
import { KernelsLedger } from './kernels';
import { referenceFor } from './reference';
import { sharpScript } from './sharp-script';

let dir: string;
let pool: FilterPool;
let inputs: BenchmarkInputs;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pixelpool-contenders-'));
  const files = [join(dir, 'a.jpg'), join(dir, 'b.png'), join(dir, 'c.jpg')];
  await writePhoto(files[0], { width: 64, height: 90, format: 'jpeg' });
  await writePhoto(files[1], { width: 37, height: 51, format: 'png', alpha: true });
  await writePhoto(files[2], { width: 80, height: 33, format: 'jpeg' });
  const decoded = await Promise.all(files.map((f) => decodeImage(f)));
  const pipeline = [{ id: 'gaussian-blur', params: { sigma: 2 } }];
  inputs = {
    decoded,
    bytes: await Promise.all(files.map((f) => readFile(f))),
    pipeline,
    kernels: 'js',
    ledger: new KernelsLedger('js'),
    expected: decoded.map((image) => runSerial(image, pipeline).data),
  };
  pool = await FilterPool.create({ size: 2, kernels: 'js' });
});
afterAll(async () => {
  await pool.terminate();
  rmSync(dir, { recursive: true, force: true });
});

describe('poolJob', () => {
  it.each([
    ['strips', 'job: 2 workers, shared, strips'],
    ['images', 'job: 2 workers, shared, whole images'],
  ] as const)(
    '%s: reproduces the serial output byte for byte, and is labelled so',
    async (schedule, label) => {
      const tasks: TaskEvent[] = [];
      const off = pool.onTask((t) => tasks.push(t));
      const contender = poolJob(pool, 'shared', schedule, '2 workers, shared', inputs);
      expect(contender).toMatchObject({ label, scope: 'job', mode: 'pool', workers: 2, schedule });
      // The first run checks every output against the serial one (it throws on a difference).
      const sample = await contender.run();
      off();
      expect(sample.split.computeMs).toBeGreaterThan(0);
      const perImage = new Map(tasks.map((t) => [t.label, t.stripCount]));
      expect(perImage.size).toBe(3);
      if (schedule === 'images') expect([...perImage.values()]).toEqual([1, 1, 1]);
      else expect([...perImage.values()].some((n) => n > 1)).toBe(true);
      expect(inputs.ledger.of(label)).toBe('js');
    },
  );

  it.each(['strips', 'images'] as const)(
    '%s: a pixel that differs from the serial output fails the run',
    async (schedule) => {
      const expected = inputs.expected.map((e) => Uint8Array.from(e));
      expected[1][5] ^= 1;
      const contender = poolJob(pool, 'shared', schedule, '2 workers, shared', { ...inputs, expected });
      await expect(contender.run()).rejects.toThrow(/b\.png differs from the serial output/);
    },
  );

  it('keeps as many images in the pool as a batch does for strips, one per worker for whole images', () => {
    expect(imagesInPool('strips', 4)).toBe(stageShape(4).filter);
    expect(imagesInPool('strips', 1)).toBe(stageShape(1).filter);
    expect(imagesInPool('images', 4)).toBe(4);
    expect(imagesInPool('images', 1)).toBe(1);
  });
});

describe('sharpScript', () => {
  const blur = referenceFor(resolvePipeline([{ id: 'gaussian-blur', params: { sigma: 3 } }]));
  it('writes the job with sharp alone, in the job scope\u2019s format and quality', () => {
    if (!blur) throw new Error('gaussian-blur has a sharp reference');
    const script = sharpScript(blur, ['jpeg', 'jpeg'], 2);
    expect(script.call).toBe('sharp(bytes).rotate().blur(3).jpeg({ quality: 80 }).toBuffer()');
    expect(script.lines).toBe(12);
    expect(script.text.split('\n')).toHaveLength(12);
    expect(script.text).toContain(`await writeFile(join(out, name), await ${script.call});`);
    expect(script.text).toContain("const [dir, out, atOnce = '2'] = process.argv.slice(2);");
  });

  it('picks the encoder by each file\u2019s format when the formats differ', () => {
    if (!blur) throw new Error('gaussian-blur has a sharp reference');
    const script = sharpScript(blur, ['jpeg', 'png', 'gif'], 4);
    expect(script.call).toBe(
      'sharp(bytes).rotate().blur(3).<jpeg({ quality: 80 }) or png({ compressionLevel: 6 })>.toBuffer()',
    );
    expect(script.text).toContain(
      'const encoders = { jpeg: (s) => s.jpeg({ quality: 80 }), png: (s) => s.png({ compressionLevel: 6 }), gif: (s) => s.png({ compressionLevel: 6 }) };',
    );
    expect(script.lines).toBe(script.text.split('\n').length);
  });
});

describe('referenceFor', () => {
  it('has sharp\u2019s operation for a lone gaussian-blur or sobel, and nothing otherwise', () => {
    expect(referenceFor(resolvePipeline([{ id: 'sobel' }]))?.call).toBe(
      'convolve({ width: 3, height: 3, kernel: [-1, 0, 1, -2, 0, 2, -1, 0, 1] })',
    );
    expect(referenceFor(resolvePipeline([{ id: 'invert' }]))).toBeNull();
    expect(referenceFor(resolvePipeline([{ id: 'sobel' }, { id: 'invert' }]))).toBeNull();
  });
});
