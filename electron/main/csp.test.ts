import { describe, expect, it } from 'vitest';
import { buildCsp, buildMetaCsp } from './csp';

/** Directive name -> sources, as a browser would split the header. */
function parse(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name, sources] as [string, string[]];
    }),
  );
}

describe('buildCsp (production)', () => {
  const policy = parse(buildCsp());

  it('has the directives the shell promises', () => {
    expect(policy.get('default-src')).toEqual(["'self'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'pixelpool-media:', 'blob:', 'data:']);
    expect(policy.get('connect-src')).toEqual(["'self'", 'pixelpool-media:']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'none'"]);
    expect(policy.get('form-action')).toEqual(["'none'"]);
  });

  it('never allows inline or eval script, nor any remote host', () => {
    const text = buildCsp();
    expect(text).not.toMatch(/unsafe-inline|unsafe-eval|wasm-unsafe-eval|https?:|\*/);
  });
});

describe('buildCsp (development)', () => {
  const policy = parse(buildCsp({ devServerOrigin: 'http://localhost:5173' }));

  it('relaxes only what the dev server needs', () => {
    expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('style-src')).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get('connect-src')).toEqual(["'self'", 'pixelpool-media:', 'ws://localhost:5173']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
  });
});

describe('buildMetaCsp', () => {
  it('is the header policy minus frame-ancestors, which a <meta> policy may not carry', () => {
    const meta = parse(buildMetaCsp());
    const header = parse(buildCsp());
    expect(meta.has('frame-ancestors')).toBe(false);
    header.delete('frame-ancestors');
    expect(meta).toEqual(header);
  });
});
