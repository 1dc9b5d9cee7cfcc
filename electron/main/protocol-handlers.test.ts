import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaStore } from '../../engine/service/media-store';
import { buildCsp } from './csp';
import { APP_ORIGIN } from './origins';
import { handleAppRequest, handleMediaRequest, mediaKeyFromUrl } from './protocol-handlers';

const csp = buildCsp();

describe('handleAppRequest', () => {
  let root: string;
  let outside: string;

  beforeAll(async () => {
    const base = await mkdtemp(join(tmpdir(), 'pixelpool-app-protocol-'));
    root = join(base, 'renderer');
    outside = join(base, 'secret.txt');
    await mkdir(join(root, 'assets'), { recursive: true });
    await writeFile(join(root, 'index.html'), '<!doctype html><title>PixelPool</title>');
    await writeFile(join(root, 'assets', 'index-x1.js'), 'console.log(1)');
    await writeFile(outside, 'not for the renderer');
  });
  afterAll(async () => {
    await rm(join(root, '..'), { recursive: true, force: true });
  });

  it('serves index.html at the root with the CSP header, its type and nosniff', async () => {
    const response = await handleAppRequest(new Request('pixelpool://app/'), root, csp);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(csp);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe('<!doctype html><title>PixelPool</title>');
  });

  it('serves assets with their content type and length', async () => {
    const response = await handleAppRequest(new Request('pixelpool://app/assets/index-x1.js'), root, csp);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('content-length')).toBe('14');
    expect(await response.text()).toBe('console.log(1)');
  });

  it('answers HEAD without a body', async () => {
    const response = await handleAppRequest(
      new Request('pixelpool://app/index.html', { method: 'HEAD' }),
      root,
      csp,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it('refuses other methods', async () => {
    const response = await handleAppRequest(
      new Request('pixelpool://app/index.html', { method: 'POST', body: 'x' }),
      root,
      csp,
    );
    expect(response.status).toBe(405);
  });

  it('gives 404 for missing files, folders and anything outside the renderer folder, with the CSP still set', async () => {
    for (const url of [
      'pixelpool://app/missing.js',
      'pixelpool://app/assets',
      'pixelpool://app/../secret.txt',
      'pixelpool://app/%2e%2e/secret.txt',
      'pixelpool://app/assets/..%2f..%2fsecret.txt',
      'pixelpool://other/index.html',
    ]) {
      const response = await handleAppRequest(new Request(url), root, csp);
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(csp);
      expect(await response.text()).not.toContain('not for the renderer');
    }
  });
});

describe('mediaKeyFromUrl', () => {
  const key = '0123456789abcdef0123456789abcdef';

  it('reads the key from the host, with or without the trailing slash Chromium adds', () => {
    expect(mediaKeyFromUrl(`pixelpool-media://${key}`)).toBe(key);
    expect(mediaKeyFromUrl(`pixelpool-media://${key}/`)).toBe(key);
    expect(mediaKeyFromUrl(`pixelpool-media://${key.toUpperCase()}/`)).toBe(key);
  });

  it('refuses paths, ports, credentials, other schemes and keys that are not 32 hex digits', () => {
    expect(mediaKeyFromUrl(`pixelpool-media://${key}/etc/passwd`)).toBeNull();
    expect(mediaKeyFromUrl(`pixelpool-media://${key}:80/`)).toBeNull();
    expect(mediaKeyFromUrl(`pixelpool-media://u@${key}/`)).toBeNull();
    expect(mediaKeyFromUrl(`pixelpool://${key}/`)).toBeNull();
    expect(mediaKeyFromUrl('pixelpool-media://0123/')).toBeNull();
    expect(mediaKeyFromUrl(`pixelpool-media://${key}0/`)).toBeNull();
    expect(mediaKeyFromUrl('pixelpool-media:///etc/passwd')).toBeNull();
    expect(mediaKeyFromUrl('pixelpool-media://..%2f..%2fetc/')).toBeNull();
  });
});

describe('handleMediaRequest', () => {
  const store = new MediaStore(1024 * 1024);
  const lookup = (k: string) => store.get(k);
  let png: Buffer;
  let key: string;

  beforeAll(async () => {
    png = await sharp({ create: { width: 3, height: 2, channels: 4, background: '#ff000080' } })
      .png()
      .toBuffer();
    key = store.put(png, 'image/png');
  });

  it('serves the stored bytes by key with their type, and lets only the app origin read them', async () => {
    const response = handleMediaRequest(new Request(`pixelpool-media://${key}/`), lookup, APP_ORIGIN);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('access-control-allow-origin')).toBe('pixelpool://app');
    const body = Buffer.from(await response.arrayBuffer());
    expect(body.equals(png)).toBe(true);
    const meta = await sharp(body).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([3, 2, 'png']);
  });

  it('gives 404 for unknown or malformed keys', async () => {
    for (const url of ['pixelpool-media://ffffffffffffffffffffffffffffffff/', 'pixelpool-media://x/']) {
      expect(handleMediaRequest(new Request(url), lookup, APP_ORIGIN).status).toBe(404);
    }
  });

  it('never labels a stored item as anything but an image type', async () => {
    const svgKey = store.put(Buffer.from('<svg onload="alert(1)"/>'), 'image/svg+xml');
    const htmlKey = store.put(Buffer.from('<script>alert(1)</script>'), 'text/html');
    for (const k of [svgKey, htmlKey]) {
      const response = handleMediaRequest(new Request(`pixelpool-media://${k}/`), lookup, APP_ORIGIN);
      expect(response.headers.get('content-type')).toBe('application/octet-stream');
    }
  });

  it('refuses methods other than GET and HEAD', () => {
    const response = handleMediaRequest(
      new Request(`pixelpool-media://${key}/`, { method: 'DELETE' }),
      lookup,
      APP_ORIGIN,
    );
    expect(response.status).toBe(405);
    expect(store.get(key)).toBeDefined();
  });
});
