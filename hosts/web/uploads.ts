import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { extname, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { UploadResult } from '../../shared/host-wiring';

export interface UploadLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxFileBytes: 200 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
};

export class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A file name from a browser made safe for our folder: no folders, no leading dots, only
 * letters, digits and a few marks, at most 120 characters, the extension kept.
 */
export function sanitizeFileName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const cleanExt = `.${extname(last)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 9)}`;
  const ext = cleanExt.length > 1 ? cleanExt : '';
  const stem = last
    .slice(0, last.length - extname(last).length)
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N} ._()-]/gu, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 110);
  return `${stem || 'file'}${ext}`;
}

/**
 * Files a browser dropped, saved into the host's private temporary folder (created 0700 by the
 * host). Each upload gets a folder of its own so names never clash and the name the user sees is
 * the file's own. Limits: per file and in total per launch. Concurrent uploads reserve their room
 * before a byte is accepted (the declared length, then every chunk beyond it), so together they
 * cannot pass the total.
 */
export class UploadStore {
  /** Bytes saved plus bytes reserved by uploads under way. */
  private usedBytes = 0;
  private count = 0;

  constructor(
    private readonly dir: string,
    readonly limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
  ) {}

  async save(req: IncomingMessage, rawName: string | null): Promise<UploadResult> {
    if (!rawName) throw new UploadError(400, 'Missing file name: POST /upload?name=<file name>');
    const declared = Number(req.headers['content-length'] ?? Number.NaN);
    let reserved = 0;
    const reserveUpTo = (bytes: number) => {
      if (bytes <= reserved) return;
      this.checkRoom(bytes, bytes - reserved, rawName);
      this.usedBytes += bytes - reserved;
      reserved = bytes;
    };
    if (Number.isFinite(declared) && declared >= 0) reserveUpTo(declared);
    const name = sanitizeFileName(rawName);
    const folder = join(this.dir, String(++this.count));
    let written = 0;
    const counter = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        written += chunk.byteLength;
        try {
          reserveUpTo(written);
          callback(null, chunk);
        } catch (error) {
          callback(error as Error);
        }
      },
    });
    const path = join(folder, name);
    try {
      await mkdir(folder, { mode: 0o700 });
      await pipeline(req, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    } catch (error) {
      this.usedBytes -= reserved;
      await rm(folder, { recursive: true, force: true });
      if (error instanceof UploadError) throw error;
      throw new UploadError(400, `Upload of ${name} failed: ${(error as Error).message}`);
    }
    // Give back what was reserved but not sent (a declared length larger than the body).
    this.usedBytes -= reserved - written;
    return { path, name, bytes: written };
  }

  /** Throws unless a file of `fileBytes` fits, and `moreBytes` more fit in the session's total. */
  private checkRoom(fileBytes: number, moreBytes: number, name: string): void {
    const mb = (n: number) => `${Math.round(n / (1024 * 1024))} MB`;
    if (fileBytes > this.limits.maxFileBytes) {
      throw new UploadError(
        413,
        `${name} is larger than ${mb(this.limits.maxFileBytes)}, the limit per file`,
      );
    }
    if (this.usedBytes + moreBytes > this.limits.maxTotalBytes) {
      throw new UploadError(
        413,
        `Uploads would exceed ${mb(this.limits.maxTotalBytes)} in total for this session`,
      );
    }
  }
}
