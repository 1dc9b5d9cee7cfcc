import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A sandboxed preload can require only a few built-in modules ('electron' among them): anything else
 * bundled as a require() would fail at run time in the real app, where it cannot be tested here.
 * vitest's globalSetup has just built out/preload/index.js.
 */
describe('the built preload', () => {
  it('is CommonJS that requires nothing but electron', async () => {
    const code = await readFile(join(__dirname, '../../out/preload/index.js'), 'utf8');
    const required = [...code.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
    expect(code).not.toMatch(/^\s*import\s/m);
    expect(code).toContain('exposeInMainWorld("pixelpool"');
  });
});
