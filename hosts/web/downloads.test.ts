import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readlinkSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, open, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadFile } from '../../engine/service/batch-outputs';
import { ServiceError } from '../../engine/service/errors';
import { PixelPoolService } from '../../engine/service/service';
import type { AddPathsResult, JobSnapshot, StartBatchRequest } from '../../shared/contract';
import { DOWNLOAD_ZIP, downloadPath } from '../../shared/host-wiring';
import { contentDisposition, type DownloadService, serveDownload } from './downloads';
import { startWebServer, type WebServer } from './server';
import { UploadStore } from './uploads';

const PHOTOS = join(__dirname, '../../assets/photos');

let dir: string;
let service: PixelPoolService;
let server: WebServer;

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP request: the path goes out exactly as written (no URL normalisation). */
function raw(
  path: string,
  options: { method?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        path,
        method: options.method ?? 'GET',
        headers: options.headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const withToken = (path: string) => `${path}?token=${server.token}`;

/** Small copies of the sample photos, so a batch takes a moment. */
async function photos(folder: string, names: string[]): Promise<string[]> {
  await mkdir(folder, { recursive: true });
  return Promise.all(
    names.map(async (name) => {
      const path = join(folder, name);
      const source = name === 'broken.jpg' ? 'forest-path.jpg' : name;
      await sharp(join(PHOTOS, source)).resize({ width: 320 }).jpeg({ quality: 85 }).toFile(path);
      return path;
    }),
  );
}

/** Runs a batch of these files to its end; the snapshot has the summary with its outputs. */
async function runBatch(
  paths: string[],
  outDir: string,
  namePattern = '{name}-edited.{ext}',
  afterAdding: () => Promise<void> = async () => {},
) {
  // Each test copies the same sample photos: the list would take the copies for duplicates of the last test's.
  await service.clearImages();
  const { added } = (await service.addPaths({ paths })) as AddPathsResult;
  await afterAdding();
  const request: StartBatchRequest = {
    imageIds: added.map((a) => a.id),
    steps: [{ id: 'invert', params: {} }],
    outDir,
    format: 'same',
    quality: 80,
    namePattern,
    onConflict: 'suffix',
    workers: 1,
  };
  const { jobId } = await service.startBatch(request);
  for (;;) {
    const job = (await service.getJob({ jobId })) as JobSnapshot & { kind: 'batch' };
    if (job.state !== 'running') return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** What Python's zipfile (an independent reader) finds in a zip: each entry's name, method, size and SHA-256. */
function readZipWithPython(zipPath: string): {
  ok: boolean;
  entries: { name: string; method: number; size: number; sha256: string }[];
} {
  const script = [
    'import hashlib, json, sys, zipfile',
    'z = zipfile.ZipFile(sys.argv[1])',
    'bad = z.testzip()',
    'entries = [{"name": i.filename, "method": i.compress_type, "size": i.file_size,',
    '            "sha256": hashlib.sha256(z.read(i)).hexdigest()} for i in z.infolist()]',
    'print(json.dumps({"ok": bad is None, "entries": entries}))',
  ].join('\n');
  const run = spawnSync('python3', ['-c', script, zipPath], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`python3 could not read ${zipPath}: ${run.stderr}`);
  return JSON.parse(run.stdout);
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let job: JobSnapshot & { kind: 'batch' };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pixelpool-downloads-'));
  await mkdir(join(dir, 'renderer'));
  await writeFile(join(dir, 'renderer/index.html'), '<!doctype html><title>PixelPool</title>');
  await mkdir(join(dir, 'uploads'), { mode: 0o700 });
  service = new PixelPoolService({ host: 'web', settingsDir: null, poolSize: 1, downloads: true });
  server = await startWebServer({
    service,
    rendererDir: join(dir, 'renderer'),
    uploads: new UploadStore(join(dir, 'uploads'), { maxFileBytes: 1000, maxTotalBytes: 1000 }),
  });
  const inputs = await photos(join(dir, 'in'), ['colorful-cups.jpg', 'broken.jpg', 'fallen-leaf.jpg']);
  // Non-ASCII names travel through the zip (UTF-8 flag) and Content-Disposition (filename*). The middle
  // file breaks once added: the batch goes on, and it is not among the outputs.
  job = await runBatch(inputs, join(dir, 'out'), '{name}-été.{ext}', () =>
    writeFile(inputs[1] as string, 'garbage'),
  );
});

afterAll(async () => {
  await server?.close();
  await service?.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('web host downloads', () => {
  it('the summary lists exactly the files written, in file order, with their sizes', () => {
    expect(job.state).toBe('done');
    expect(job.summary?.outputs).toEqual([
      { file: 0, name: 'colorful-cups-été.jpg', bytes: job.files[0]?.bytes },
      { file: 2, name: 'fallen-leaf-été.jpg', bytes: job.files[2]?.bytes },
    ]);
    expect(job.summary?.outputs).toHaveLength(job.summary?.done ?? -1);
  });

  it('says in the capabilities that this host serves downloads', async () => {
    expect((await service.getCapabilities()).downloads).toBe(true);
    const desktop = new PixelPoolService({ host: 'electron', settingsDir: null, poolSize: 1 });
    expect((await desktop.getCapabilities()).downloads).toBe(false);
    await expect(desktop.batchDownload({ jobId: job.jobId })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/does not serve downloads/),
    });
    await desktop.dispose();
  });

  it('needs the token, and refuses requests from another site even with it', async () => {
    for (const path of [downloadPath(job.jobId, 0), downloadPath(job.jobId, DOWNLOAD_ZIP)]) {
      const none = await raw(path);
      expect(none.status, path).toBe(401);
      expect(none.body.toString()).toBe('Missing or wrong token');
      expect((await raw(`${path}?token=${'0'.repeat(64)}`)).status, path).toBe(401);
      expect((await raw(`${path}?token=${server.token.slice(1)}`)).status, path).toBe(401);
      for (const site of ['cross-site', 'same-site']) {
        const foreign = await raw(withToken(path), { headers: { 'sec-fetch-site': site } });
        expect(foreign.status, `${path} ${site}`).toBe(403);
        expect(foreign.body.length).toBeLessThan(200);
      }
      expect((await raw(withToken(path), { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(200);
      // The token in the header works as it does for media.
      expect((await raw(path, { headers: { 'x-pixelpool-token': server.token } })).status).toBe(200);
    }
  });

  it('serves a written file byte for byte, with its type and a safe file name', async () => {
    const res = await raw(withToken(downloadPath(job.jobId, 1)));
    expect(res.status).toBe(200);
    const onDisk = await readFile(job.files[2]?.output as string);
    expect(res.body.equals(onDisk)).toBe(true);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['content-length']).toBe(String(onDisk.length));
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="fallen-leaf-_t_.jpg"; filename*=UTF-8''fallen-leaf-%C3%A9t%C3%A9.jpg`,
    );
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');

    const head = await raw(withToken(downloadPath(job.jobId, 1)), { method: 'HEAD' });
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([
      200,
      String(onDisk.length),
      0,
    ]);
    expect((await raw(withToken(downloadPath(job.jobId, 1)), { method: 'POST' })).status).toBe(405);
  });

  it('zips exactly the written files, stored, byte for byte, as an independent reader sees them', async () => {
    const res = await raw(withToken(downloadPath(job.jobId, DOWNLOAD_ZIP)));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="out.zip"; filename*=UTF-8''out.zip`,
    );
    // The length is known before the first byte: the browser shows real progress.
    expect(res.headers['content-length']).toBe(String(res.body.length));
    const zipPath = join(dir, 'download.zip');
    await writeFile(zipPath, res.body);
    const zip = readZipWithPython(zipPath);
    expect(zip.ok).toBe(true);
    const written = job.files.filter((f) => f.state === 'done');
    expect(zip.entries.map((e) => e.name)).toEqual(['colorful-cups-été.jpg', 'fallen-leaf-été.jpg']);
    for (const [i, entry] of zip.entries.entries()) {
      const onDisk = await readFile(written[i]?.output as string);
      // 0: ZIP_STORED. The photos are compressed already.
      expect(entry).toEqual({ name: entry.name, method: 0, size: onDisk.length, sha256: sha256(onDisk) });
    }
    const head = await raw(withToken(downloadPath(job.jobId, DOWNLOAD_ZIP)), { method: 'HEAD' });
    expect([head.status, head.headers['content-length'], head.body.length]).toEqual([
      200,
      String(res.body.length),
      0,
    ]);
  });

  it('answers an unknown job or output with 404 and says why', async () => {
    const unknown = await raw(withToken(downloadPath('0123456789abcdef', 0)));
    expect(unknown.status).toBe(404);
    expect(unknown.body.toString()).toMatch(
      /^No batch with id 0123456789abcdef: it may be older than the last/,
    );
    const noSuch = await raw(withToken(downloadPath(job.jobId, 2)));
    expect(noSuch.status).toBe(404);
    expect(noSuch.body.toString()).toBe(
      `Batch ${job.jobId} has no output 2: it wrote 2 files, numbered 0 to 1`,
    );
    expect((await raw(withToken(`/download/${'0123456789abcdef'}/zip`))).status).toBe(404);
  });

  it('validates the job id and the index, and never takes a path', async () => {
    const cases: [string, RegExp][] = [
      [`/download/${job.jobId}/-1`, /^Invalid download request: index: must be a whole number/],
      [`/download/${job.jobId}/01`, /index: must be a whole number/],
      [`/download/${job.jobId}/1e0`, /index: must be a whole number/],
      [`/download/${job.jobId}/0x1`, /index: must be a whole number/],
      [`/download/${job.jobId}/99999`, /index: Too big/],
      [`/download/${job.jobId}/..%2f..%2fin%2fbroken.jpg`, /index: must be a whole number/],
      [`/download/${job.jobId}/${encodeURIComponent(join(dir, 'in/broken.jpg'))}`, /index: must be/],
      [`/download/..%2f..%2fetc%2fpasswd/0`, /^Invalid download request: jobId: must be letters/],
      [`/download/%2Fetc%2Fpasswd/zip`, /jobId: must be letters/],
      [`/download/${job.jobId}/%E0%A4%A`, /malformed %-escape/],
      // The URL's dot segments are resolved first: this is /download/<job>/ with an empty index.
      [`/download/${job.jobId}/0/..`, /index: must be a whole number/],
    ];
    for (const [path, message] of cases) {
      const res = await raw(withToken(path));
      expect(res.status, path).toBe(400);
      expect(res.body.toString(), path).toMatch(message);
    }
    for (const path of [`/download/${job.jobId}`, `/download/${job.jobId}/0/extra`, '/download/']) {
      expect((await raw(withToken(path))).status, path).toBe(404);
    }
    // Dot segments are resolved before routing: this names no download at all.
    const dots = await raw(withToken(`/download/${job.jobId}/../../in/broken.jpg`));
    expect(dots.status).toBe(404);
    expect(dots.body.toString()).toBe('Not found');
  });

  it('serves only what the batch wrote: a file replaced, turned into a symlink or deleted since is refused', async () => {
    const inputs = await photos(join(dir, 'in2'), [
      'colorful-cups.jpg',
      'evening-glow-boats.jpg',
      'fallen-leaf.jpg',
    ]);
    const tampered = await runBatch(inputs, join(dir, 'out2'));
    const [replaced, linked, deleted] = tampered.files.map((f) => f.output as string);
    const secret = join(dir, 'secret.txt');
    await writeFile(secret, 'not an output');
    await writeFile(`${replaced}.new`, 'someone else wrote this');
    await rename(`${replaced}.new`, replaced as string);
    await rm(linked as string);
    await symlink(secret, linked as string);
    await rm(deleted as string);

    const expectations: [number, RegExp][] = [
      [0, /^colorful-cups-edited\.jpg in .*out2 was replaced or changed after the batch wrote it/],
      [1, /^evening-glow-boats-edited\.jpg in .*out2 was replaced by a symbolic link/],
      [
        2,
        /^fallen-leaf-edited\.jpg is no longer in .*out2: it was moved or deleted after the batch wrote it$/,
      ],
    ];
    for (const [index, message] of expectations) {
      const res = await raw(withToken(downloadPath(tampered.jobId, index)));
      expect(res.status, String(index)).toBe(404);
      expect(res.body.toString()).toMatch(message);
      expect(res.body.toString()).not.toContain('not an output');
    }
    // The zip checks every file before its first byte: a clear 404, not a zip that breaks off.
    const zip = await raw(withToken(downloadPath(tampered.jobId, DOWNLOAD_ZIP)));
    expect(zip.status).toBe(404);
    expect(zip.body.toString()).toMatch(/colorful-cups-edited\.jpg .* was replaced or changed/);

    // A file put back byte for byte is still not the batch's file (another inode).
    await copyFile(join(dir, 'out/colorful-cups-été.jpg'), join(dir, 'out/copy.jpg'));
    await rename(join(dir, 'out/copy.jpg'), join(dir, 'out/colorful-cups-été.jpg'));
    expect((await raw(withToken(downloadPath(job.jobId, 0)))).status).toBe(404);
  });

  it('serves nothing while the batch runs, and nothing of a job that is not a batch', async () => {
    const [input] = await photos(join(dir, 'in3'), ['forest-path.jpg']);
    const { added } = (await service.addPaths({ paths: [input as string] })) as AddPathsResult;
    const { jobId } = await service.startBatch({
      imageIds: added.map((a) => a.id),
      steps: [{ id: 'invert', params: {} }],
      outDir: join(dir, 'out3'),
      format: 'same',
      quality: 80,
      namePattern: '{name}-edited.{ext}',
      onConflict: 'suffix',
      workers: 1,
    });
    // Asked in the same tick as the start: the batch cannot have ended yet.
    await expect(service.batchDownloadFile({ jobId, index: 0 })).rejects.toMatchObject({
      code: 'unavailable',
      message: `Batch ${jobId} is still running: its files can be downloaded once it ends`,
    });
    for (;;) {
      if ((await service.getJob({ jobId })).state !== 'running') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await raw(withToken(downloadPath(jobId, 0)))).status).toBe(200);
  });
});

describe('a zip that cannot be finished', () => {
  it('is cut off, never ended as if it were complete, when a file goes missing halfway', async () => {
    const first = join(dir, 'first.bin');
    const second = join(dir, 'second.bin');
    await writeFile(first, Buffer.alloc(256 * 1024, 1));
    await writeFile(second, Buffer.alloc(1024, 2));
    let secondOpens = 0;
    const file = (name: string, path: string, bytes: number, vanishes: boolean): DownloadFile => ({
      name,
      bytes,
      mtime: new Date(),
      async open() {
        // The second file is there for the check before the first byte, and gone when its turn comes.
        if (vanishes && ++secondOpens > 1) throw new ServiceError('not-found', `${name} is no longer there`);
        return open(path);
      },
    });
    const fake: DownloadService = {
      batchDownload: async () => ({
        zipName: 'x.zip',
        files: [file('first.bin', first, 256 * 1024, false), file('second.bin', second, 1024, true)],
      }),
      batchDownloadFile: async () => {
        throw new ServiceError('not-found', 'none');
      },
    };
    const host = createServer((req, res) => {
      void serveDownload(
        req,
        res,
        fake,
        new URL(req.url ?? '/', 'http://127.0.0.1').pathname,
        (status, text) => {
          res.writeHead(status);
          res.end(text);
        },
      );
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    const { port } = host.address() as AddressInfo;
    const outcome = await new Promise<{
      status: number;
      length: number;
      received: number;
      complete: boolean;
    }>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/download/abc/zip' }, (res) => {
        let received = 0;
        res.on('data', (c: Buffer) => {
          received += c.length;
        });
        res.on('error', () => {});
        res.on('close', () =>
          resolve({
            status: res.statusCode ?? 0,
            length: Number(res.headers['content-length']),
            received,
            complete: res.complete,
          }),
        );
      });
      req.on('error', () => {});
      req.end();
    });
    await new Promise<void>((r) => host.close(() => r()));
    expect(outcome.status).toBe(200);
    expect(outcome.complete).toBe(false);
    expect(outcome.received).toBeLessThan(outcome.length);
    expect(secondOpens).toBe(2);
  });

  it('closes the file it was reading when the browser goes away mid-zip', async () => {
    const big = join(dir, 'big.bin');
    await writeFile(big, Buffer.alloc(32 * 1024 * 1024, 3));
    const fake: DownloadService = {
      batchDownload: async () => ({
        zipName: 'big.zip',
        files: [{ name: 'big.bin', bytes: 32 * 1024 * 1024, mtime: new Date(), open: () => open(big) }],
      }),
      batchDownloadFile: async () => {
        throw new ServiceError('not-found', 'none');
      },
    };
    const host = createServer((req, res) => {
      void serveDownload(req, res, fake, new URL(req.url ?? '/', 'http://127.0.0.1').pathname, () => {});
    });
    await new Promise<void>((r) => host.listen(0, '127.0.0.1', r));
    const { port } = host.address() as AddressInfo;
    const openOnBig = () =>
      readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === big;
        } catch {
          return false;
        }
      }).length;
    const req = await new Promise<ReturnType<typeof httpRequest>>((resolve) => {
      const req = httpRequest({ host: '127.0.0.1', port, path: '/download/abc/zip' }, (res) => {
        // One chunk, then the reader stops: the server is held back by the socket, the file half read
        // (the zip's first bytes may leave before the file is opened, hence the poll below).
        res.once('data', () => {
          res.pause();
          resolve(req);
        });
      });
      req.on('error', () => {});
      req.end();
    });
    await expect.poll(openOnBig, { timeout: 5000 }).toBe(1);
    // Then the tab is closed.
    req.destroy();
    await expect.poll(openOnBig, { timeout: 5000 }).toBe(0);
    await new Promise<void>((r) => host.close(() => r()));
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII stand-in and the UTF-8 name, and keeps quotes and line breaks out of the header', () => {
    expect(contentDisposition('photo.jpg')).toBe(
      `attachment; filename="photo.jpg"; filename*=UTF-8''photo.jpg`,
    );
    expect(contentDisposition('日本 (1).png')).toBe(
      `attachment; filename="__ (1).png"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%20%281%29.png`,
    );
    expect(contentDisposition('a"b\\c\r\nSet-Cookie: x.jpg')).toBe(
      `attachment; filename="a_b_c__Set-Cookie: x.jpg"; filename*=UTF-8''a%22b%5Cc__Set-Cookie%3A%20x.jpg`,
    );
    expect(contentDisposition("it's*.webp")).toContain(`filename*=UTF-8''it%27s%2A.webp`);
    expect(contentDisposition('bad\uD800.jpg')).toBe('attachment; filename="bad_.jpg"');
  });
});
