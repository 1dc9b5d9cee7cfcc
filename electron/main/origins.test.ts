import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, APP_ORIGIN, isAtOrigin, rendererEntryUrl, rendererOrigin } from './origins';

describe('rendererOrigin', () => {
  it('is the app scheme without a dev server', () => {
    expect(rendererOrigin(undefined)).toBe('pixelpool://app');
    expect(rendererEntryUrl(undefined)).toBe('pixelpool://app/index.html');
  });

  it('is the dev server origin on loopback', () => {
    expect(rendererOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(rendererOrigin('http://127.0.0.1:5174/index.html')).toBe('http://127.0.0.1:5174');
    expect(rendererEntryUrl('http://localhost:5173/')).toBe('http://localhost:5173/');
  });

  it('refuses a dev server URL that is remote or not http(s)', () => {
    expect(() => rendererOrigin('https://example.com/')).toThrow(/localhost or 127\.0\.0\.1/);
    expect(() => rendererOrigin('http://localhost.evil.com:5173/')).toThrow(/ELECTRON_RENDERER_URL/);
    expect(() => rendererOrigin('file:///tmp/index.html')).toThrow(/ELECTRON_RENDERER_URL/);
    expect(() => rendererOrigin('not a url')).toThrow(/ELECTRON_RENDERER_URL/);
  });
});

describe('isAtOrigin', () => {
  it('accepts the app itself, any path, any case of the host', () => {
    expect(isAtOrigin(APP_ENTRY_URL, APP_ORIGIN)).toBe(true);
    expect(isAtOrigin('pixelpool://app/assets/index-abc.js', APP_ORIGIN)).toBe(true);
    expect(isAtOrigin('pixelpool://APP/index.html', APP_ORIGIN)).toBe(true);
  });

  it('refuses look-alikes that a prefix test would let through', () => {
    expect(isAtOrigin('pixelpool://app.evil.com/index.html', APP_ORIGIN)).toBe(false);
    expect(isAtOrigin('pixelpool://user@app/index.html', APP_ORIGIN)).toBe(false);
    expect(isAtOrigin('pixelpool:app/index.html', APP_ORIGIN)).toBe(false);
    expect(isAtOrigin('pixelpool-media://app/', APP_ORIGIN)).toBe(false);
    expect(isAtOrigin('http://localhost:5173@evil.com/', 'http://localhost:5173')).toBe(false);
    expect(isAtOrigin('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAtOrigin('https://localhost:5173/', 'http://localhost:5173')).toBe(false);
    expect(isAtOrigin('file:///index.html', APP_ORIGIN)).toBe(false);
    expect(isAtOrigin('', APP_ORIGIN)).toBe(false);
    expect(isAtOrigin('about:blank', APP_ORIGIN)).toBe(false);
  });
});
