/**
 * The web host's downloads of what a batch wrote (docs/web-host.md, "Downloads"): one file,
 * GET /download/<jobId>/<index>, or all of them in one .zip, GET /download/<jobId>/zip. The caller has
 * checked the Host and the token; here the request is validated (downloadSchemas), the files are looked up
 * in the job's summary by the service (never by a path from the client) and streamed from disk, so a batch
 * of any size costs a few buffers of memory.
 */
import type { FileHandle } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { DownloadFile } from '../../engine/service/batch-outputs';
import { toApiError } from '../../engine/service/errors';
import { describeIssues, downloadSchemas } from '../../engine/service/schemas';
import type { ApiErrorCode } from '../../shared/contract';
import { outputMimeOf } from '../../shared/formats';
import { DOWNLOAD_ZIP, WEB_PATHS } from '../../shared/host-wiring';
import { baseHeaders } from './security';

/** What the downloads need of the service (PixelPoolService.batchDownload, batchDownloadFile). */
export interface DownloadService {
  batchDownload(request: { jobId: string }): Promise<{ zipName: string; files: DownloadFile[] }>;
  batchDownloadFile(request: { jobId: string; index: number }): Promise<DownloadFile>;
}

/** Sends a plain-text answer (the server's own sendText). */
export type TextReply = (status: number, text: string) => void;

const STATUS: Partial<Record<ApiErrorCode, number>> = {
  'bad-request': 400,
  'not-found': 404,
  // A batch still running, or a host that serves no downloads: the request is fine, the moment is not.
  unavailable: 409,
  limit: 429,
};

/**
 * Serves one download request whose path starts with WEB_PATHS.download. Before the first byte every
 * failure is a status with a sentence naming the file and the cause; after it (a file removed halfway
 * through a zip, the browser gone) the connection is cut, so that no download ever looks complete
 * when it is not.
 */
export async function serveDownload(
  req: IncomingMessage,
  res: ServerResponse,
  service: DownloadService,
  path: string,
  reply: TextReply,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'Method not allowed');
  const segments = path.slice(WEB_PATHS.download.length).split('/');
  if (segments.length !== 2) {
    return reply(
      404,
      `Not found: downloads are ${WEB_PATHS.download}<job id>/<output index> or …/${DOWNLOAD_ZIP}`,
    );
  }
  const [jobId, what] = segments.map(decodeSegment);
  if (jobId === undefined || what === undefined)
    return reply(400, 'Invalid download request: malformed %-escape');
  try {
    if (what === DOWNLOAD_ZIP) {
      const request = downloadSchemas.zip.safeParse({ jobId });
      if (!request.success) return reply(400, `Invalid download request: ${describeIssues(request.error)}`);
      return await sendZip(req, res, await service.batchDownload(request.data));
    }
    const request = downloadSchemas.file.safeParse({ jobId, index: what });
    if (!request.success) return reply(400, `Invalid download request: ${describeIssues(request.error)}`);
    return await sendFile(req, res, await service.batchDownloadFile(request.data));
  } catch (error) {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const { code, message } = toApiError(error);
    reply(STATUS[code] ?? 500, message);
  }
}

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * Content-Disposition for a download (RFC 6266): `filename` an ASCII stand-in for old clients, and
 * `filename*` (RFC 8187) the real name in UTF-8, which browsers prefer. Control characters never reach
 * the header (a newline would end it); quotes and backslashes never reach the quoted string.
 */
export function contentDisposition(name: string): string {
  const clean = name.replace(/\p{Cc}/gu, '_');
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  let encoded: string;
  try {
    // encodeURIComponent leaves ' ( ) * alone, which RFC 8187's attr-char does not allow.
    encoded = encodeURIComponent(clean).replace(
      /['()*]/g,
      (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
    );
  } catch {
    // A lone surrogate (not valid UTF-8): the ASCII stand-in alone.
    return `attachment; filename="${ascii}"`;
  }
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

function downloadHeaders(name: string, type: string, bytes: number | null): Record<string, string> {
  return {
    ...baseHeaders(),
    'content-type': type,
    ...(bytes === null ? {} : { 'content-length': String(bytes) }),
    'content-disposition': contentDisposition(name),
  };
}

/** Reads exactly the bytes checked when the file was opened, even if it grows meanwhile. */
function readExactly(file: DownloadFile, handle: FileHandle): Readable {
  if (file.bytes === 0) {
    void handle.close();
    return Readable.from([]);
  }
  return handle.createReadStream({ start: 0, end: file.bytes - 1 });
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: DownloadFile): Promise<void> {
  const handle = await file.open();
  res.writeHead(
    200,
    downloadHeaders(file.name, outputMimeOf(file.name) ?? 'application/octet-stream', file.bytes),
  );
  if (req.method === 'HEAD') {
    await handle.close();
    res.end();
    return;
  }
  // pipeline closes the file (the stream owns the handle) and cuts the response if either side fails.
  await pipeline(readExactly(file, handle), res);
}

/**
 * Streams every file into one .zip, stored as they are (images are compressed already: deflate would
 * spend the CPU for a percent or two) with their size known up front, so the zip's length is too and goes
 * out as Content-Length: the browser shows real progress. yazl reads one file at a time and switches to
 * ZIP64 by itself past 4 GB or 65,535 files.
 */
async function sendZip(
  req: IncomingMessage,
  res: ServerResponse,
  download: { zipName: string; files: DownloadFile[] },
): Promise<void> {
  // Each file opened and checked once before the first byte: one moved or changed since is a clear 404,
  // not a zip that breaks off in the middle.
  for (const file of download.files) await (await file.open()).close();

  const streaming = req.method !== 'HEAD';
  const zip = new ZipFile();
  const output = zip.outputStream as Readable;
  let current: Readable | null = null;
  zip.on('error', (error: Error) => {
    current?.destroy();
    output.destroy(error);
  });
  for (const file of download.files) {
    const options = { compress: false, size: file.bytes, mtime: file.mtime, mode: 0o100644 };
    zip.addReadStreamLazy(file.name, options, (cb) => {
      // A HEAD request needs only the length: no file is read.
      if (!streaming) return;
      file.open().then(
        (handle) => {
          const stream = readExactly(file, handle);
          current = stream;
          // yazl pipes the stream but does not listen for its errors.
          stream.on('error', (error: Error) => zip.emit('error', error));
          cb(null, stream);
        },
        (error: unknown) => zip.emit('error', error),
      );
    });
  }
  let length: number | null = null;
  // All sizes are given and nothing is compressed, so yazl knows the length at once, inside end().
  zip.end({ forceZip64Format: false, comment: '' }, (...args: unknown[]) => {
    const size = args[0];
    if (typeof size === 'number' && size >= 0) length = size;
  });
  res.writeHead(200, downloadHeaders(download.zipName, 'application/zip', length));
  if (!streaming) {
    res.end();
    return;
  }
  // The browser gone: the file being read is closed too (its stream would otherwise wait forever).
  res.once('close', () => {
    if (!res.writableFinished) current?.destroy();
  });
  await pipeline(output, res);
}
