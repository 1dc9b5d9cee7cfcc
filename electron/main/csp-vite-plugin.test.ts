import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMetaCsp } from './csp';

/** vitest's globalSetup has just run electron-vite build, so this reads the real renderer artifact. */
describe('the built index.html', () => {
  it('carries the production CSP as its first <meta> in <head>, before any script', async () => {
    const html = await readFile(join(__dirname, '../../out/renderer/index.html'), 'utf8');
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi)];
    expect(metas).toHaveLength(1);
    expect(metas[0][1].replaceAll('&#39;', "'")).toBe(buildMetaCsp());
    const metaAt = html.indexOf(metas[0][0]);
    expect(metaAt).toBeGreaterThan(html.indexOf('<head>'));
    expect(metaAt).toBeLessThan(html.indexOf('<script'));
  });

  it('has no inline script or style the policy would block', async () => {
    const html = await readFile(join(__dirname, '../../out/renderer/index.html'), 'utf8');
    // Every <script> must load a file ('self'); inline code or handlers would be refused by script-src.
    for (const [tag] of html.matchAll(/<script\b[^>]*>/gi)) expect(tag).toMatch(/\ssrc="/);
    expect(html).not.toMatch(/<script\b[^>]*>\s*[^<\s]/i);
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle="/i);
    expect(html).not.toMatch(/\son[a-z]+="/i);
  });
});
