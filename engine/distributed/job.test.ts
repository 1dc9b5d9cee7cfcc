import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePhoto } from '../images/test-fixtures';
import { checkImageJob, type ImageJob, imageJobId, JOB_VERSION, JobRefusedError } from './job';
import { Roots } from './roots';

let dir: string;
let root: string;
let roots: Roots;
let job: ImageJob;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-job-'));
  root = join(dir, 'share');
  await mkdir(join(root, 'in'), { recursive: true });
  await mkdir(join(dir, 'elsewhere'));
  await writePhoto(join(root, 'in/a.jpg'), { width: 16, height: 12 });
  await writePhoto(join(dir, 'elsewhere/secret.jpg'), { width: 16, height: 12 });
  await symlink(join(dir, 'elsewhere'), join(root, 'link-out'));
  await symlink(join(dir, 'elsewhere/secret.jpg'), join(root, 'in/linked.jpg'));
  roots = await Roots.open([root]);
  job = {
    v: JOB_VERSION,
    input: join(root, 'in/a.jpg'),
    outDir: join(root, 'out'),
    fileName: 'a-edited.jpg',
    overwrite: false,
    steps: [{ id: 'invert' }],
    format: 'same',
    quality: 80,
    metadata: 'keep',
    stripGps: false,
    kernels: 'wasm',
    schedule: 'auto',
  };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(data: unknown): Promise<string> {
  const error = await checkImageJob(data, roots).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(JobRefusedError);
  return (error as Error).message;
}

describe('checkImageJob', () => {
  it('accepts a job inside the roots, with the input by its real path', async () => {
    expect((await checkImageJob(job, roots)).input).toBe(join(root, 'in/a.jpg'));
    expect((await checkImageJob({ ...job, fileName: '2024/rome/a.jpg' }, roots)).fileName).toBe(
      '2024/rome/a.jpg',
    );
  });

  it('refuses a malformed payload, naming the field', async () => {
    expect(await refusal('not an object')).toMatch(/^Malformed job: \(request\)/);
    expect(await refusal({ ...job, extra: 1 })).toMatch(/^Malformed job: .*extra/);
    expect(await refusal({ ...job, quality: 500 })).toMatch(/^Malformed job: quality/);
    expect(await refusal({ ...job, input: 'relative.jpg' })).toMatch(/input: must be an absolute path/);
    expect(await refusal({ ...job, fileName: '../../etc/passwd' })).toMatch(
      /fileName: the output name must be a path below the output folder/,
    );
    expect(await refusal({ ...job, v: JOB_VERSION + 1 })).toMatch(/^Malformed job: v/);
  });

  it('refuses an unknown filter and a parameter out of bounds, as the API does', async () => {
    expect(await refusal({ ...job, steps: [{ id: 'rm-rf' }] })).toMatch(/Refused job for .*a\.jpg: .*rm-rf/);
    expect(await refusal({ ...job, steps: [{ id: 'gaussian-blur', params: { sigma: 1e9 } }] })).toMatch(
      /sigma/,
    );
  });

  it('refuses paths outside the roots, symbolic links out of them included', async () => {
    expect(await refusal({ ...job, input: '/etc/hostname' })).toMatch(
      /\/etc\/hostname: the input is outside this worker's roots; it serves .*share \(--roots\)/,
    );
    expect(await refusal({ ...job, input: join(root, 'in/linked.jpg') })).toMatch(
      /the input is outside this worker's roots \(it resolves to .*elsewhere\/secret\.jpg\)/,
    );
    expect(await refusal({ ...job, outDir: '/tmp/not-a-root' })).toMatch(
      /the output is outside this worker's roots/,
    );
    expect(await refusal({ ...job, outDir: join(root, 'link-out') })).toMatch(
      /the output is outside this worker's roots \(it resolves to .*elsewhere/,
    );
    expect(await refusal({ ...job, outDir: root, fileName: 'link-out/new/x.jpg' })).toMatch(
      /outside this worker's roots/,
    );
    expect(await refusal({ ...job, input: join(root, 'in/missing.jpg') })).toMatch(
      /cannot be resolved on this host \(ENOENT\)/,
    );
  });
});

describe('imageJobId', () => {
  it('is the same for the same input, output and bytes-deciding options, whatever the kernels; another otherwise', () => {
    const stat = { size: 100, mtimeMs: 1 };
    const id = imageJobId(job, stat);
    expect(id).toMatch(/^img-[0-9a-f]{40}$/);
    expect(imageJobId({ ...job, kernels: 'js', schedule: 'strips' }, stat)).toBe(id);
    expect(imageJobId({ ...job, quality: 81 }, stat)).not.toBe(id);
    expect(imageJobId({ ...job, fileName: 'b.jpg' }, stat)).not.toBe(id);
    expect(imageJobId(job, { size: 100, mtimeMs: 2 })).not.toBe(id);
  });
});
