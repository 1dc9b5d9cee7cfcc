import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeForFile, resolveRendererFile } from './renderer-files';

const root = resolve('/opt/pixelpool/out/renderer');

describe('resolveRendererFile', () => {
  it('maps the app root and assets into the renderer folder', () => {
    expect(resolveRendererFile(root, 'pixelpool://app/')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'pixelpool://app/index.html')).toBe(join(root, 'index.html'));
    expect(resolveRendererFile(root, 'pixelpool://app/assets/index-AbC1.js?v=2#x')).toBe(
      join(root, 'assets', 'index-AbC1.js'),
    );
    expect(resolveRendererFile(root, 'pixelpool://app/assets/a%20b.png')).toBe(
      join(root, 'assets', 'a b.png'),
    );
  });

  it('never leaves the renderer folder', () => {
    for (const url of [
      'pixelpool://app/../../etc/passwd',
      'pixelpool://app/%2e%2e/%2e%2e/etc/passwd',
      'pixelpool://app/assets/..%2f..%2f..%2fetc/passwd',
      'pixelpool://app/assets/%5c..%5c..%5cwin.ini',
      'pixelpool://app/..\\..\\etc\\passwd',
      'pixelpool://app/index.html%00.png',
    ]) {
      const file = resolveRendererFile(root, url);
      if (file !== null) expect(file.startsWith(`${root}/`)).toBe(true);
    }
    expect(resolveRendererFile(root, 'pixelpool://app/assets/..%2f..%2fx')).toBeNull();
    expect(resolveRendererFile(root, 'pixelpool://app/index.html%00.png')).toBeNull();
  });

  it('refuses other schemes, hosts, credentials and malformed URLs', () => {
    expect(resolveRendererFile(root, 'file:///opt/pixelpool/out/renderer/index.html')).toBeNull();
    expect(resolveRendererFile(root, 'pixelpool://evil/index.html')).toBeNull();
    expect(resolveRendererFile(root, 'pixelpool://user:pw@app/index.html')).toBeNull();
    expect(resolveRendererFile(root, 'pixelpool-media://app/index.html')).toBeNull();
    expect(resolveRendererFile(root, 'pixelpool://app/%E0%A4%A')).toBeNull();
    expect(resolveRendererFile(root, '::')).toBeNull();
  });
});

describe('contentTypeForFile', () => {
  it('names the types the renderer build contains, and nothing it does not know', () => {
    expect(contentTypeForFile('/x/index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeForFile('/x/a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeForFile('/x/a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeForFile('/x/icon.svg')).toBe('image/svg+xml');
    expect(contentTypeForFile('/x/font.woff2')).toBe('font/woff2');
    expect(contentTypeForFile('/x/blob.bin')).toBe('application/octet-stream');
    expect(contentTypeForFile('/x/noext')).toBe('application/octet-stream');
  });
});
