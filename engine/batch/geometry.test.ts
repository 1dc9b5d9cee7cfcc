/**
 * Geometry steps in a batch: every pipeline, with geometry anywhere in it, writes the same bytes on the
 * pool as on the serial path (the halo guarantee of docs/architecture.md, "Strips and halos", holds
 * across sharp's stages), and the sizes come out as asked.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineStep } from '../../workers/filters/types';
import { writePhoto } from '../images/test-fixtures';
import { FilterPool } from '../pool/index';
import { runBatch } from './index';

let root: string;
let pool: FilterPool;
let inputs: string[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pixelpool-geometry-'));
  pool = await FilterPool.create({ size: 2 });
  await mkdir(join(root, 'in'));
  inputs = [join(root, 'in', 'photo.jpg'), join(root, 'in', 'alpha.png'), join(root, 'in', 'dot.png')];
  await writePhoto(inputs[0], { width: 301, height: 197 });
  await writePhoto(inputs[1], { width: 13, height: 7, format: 'png', alpha: true });
  await writePhoto(inputs[2], { width: 1, height: 1, format: 'png', alpha: true });
});
afterAll(async () => {
  await pool.terminate();
  await rm(root, { recursive: true, force: true });
});

let run = 0;
async function outputs(steps: PipelineStep[], mode: 'pool' | 'serial' | 'whole') {
  const outDir = join(root, `out-${run++}`);
  const result = await runBatch({
    inputs,
    outDir,
    steps,
    format: 'png',
    ...(mode === 'serial' ? { serial: true } : { pool, schedule: mode === 'whole' ? 'images' : 'strips' }),
  });
  expect(result.failed).toEqual([]);
  const byInput = inputs.map((input) => result.outputs.find((o) => o.input === input)?.output ?? 'missing');
  return Promise.all(byInput.map((path) => readFile(path)));
}

const pipelines: [string, PipelineStep[]][] = [
  [
    'resize first, fused in the decode',
    [
      { id: 'resize', params: { width: 120 } },
      { id: 'gaussian-blur', params: { sigma: 3 } },
    ],
  ],
  [
    'geometry between filters',
    [
      { id: 'median', params: { radius: 2 } },
      { id: 'rotate', params: { angle: 90 } },
      { id: 'crop', params: { aspect: '4/3', gravity: 'north' } },
      { id: 'sobel' },
      { id: 'flop' },
    ],
  ],
  [
    'enlarging a 1x1 to more rows than strips',
    [
      { id: 'resize', params: { width: 40, enlarge: 'yes' } },
      { id: 'pixelate', params: { size: 7 } },
    ],
  ],
  ['geometry only', [{ id: 'flip' }, { id: 'resize', params: { width: 50, height: 50, fit: 'cover' } }]],
];

describe('geometry in a batch', () => {
  it.each(pipelines)(
    '%s: the pool in strips and whole images writes the serial bytes',
    async (_name, steps) => {
      const serial = await outputs(steps, 'serial');
      const strips = await outputs(steps, 'pool');
      const whole = await outputs(steps, 'whole');
      for (let i = 0; i < serial.length; i++) {
        expect(strips[i].equals(serial[i]), `${inputs[i]} in strips`).toBe(true);
        expect(whole[i].equals(serial[i]), `${inputs[i]} whole`).toBe(true);
      }
    },
  );

  it("a resize first is sharp's own resize of the file, and every size comes out as asked", async () => {
    const [photo] = await outputs([{ id: 'resize', params: { width: 120 } }], 'pool');
    const mine = await sharp(photo).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    const theirs = await sharp(inputs[0])
      .resize({ width: 120, kernel: 'lanczos3' })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    expect(mine.info.width).toBe(120);
    expect(mine.info.height).toBe(theirs.info.height);
    expect(mine.data.equals(theirs.data)).toBe(true);

    const sized = await outputs(
      [
        { id: 'rotate', params: { angle: 270 } },
        { id: 'crop', params: { aspect: '1/1' } },
      ],
      'pool',
    );
    const dims = await Promise.all(sized.map(async (b) => sharp(b).metadata()));
    expect(dims.map((m) => [m.width, m.height])).toEqual([
      [197, 197],
      [7, 7],
      [1, 1],
    ]);
  });

  it('an edit that would pass the pixel limit fails that file alone, naming it and the size', async () => {
    const result = await runBatch({
      inputs,
      outDir: join(root, 'limit'),
      steps: [{ id: 'resize', params: { width: 1000, enlarge: 'yes' } }],
      pool,
      maxPixels: 700_000,
    });
    expect(result.processed).toBe(2);
    expect(result.failed).toEqual([
      {
        path: inputs[2],
        error: `${inputs[2]}: its edit would make a 1000x1000 image (1.0 MP), more than the limit of 0.7 MP`,
        kind: 'too-large',
      },
    ]);
  });
});
