import { describe, expect, it } from 'vitest';
import { isNavigationAllowed, isRequestAllowed } from './policy';

const production = {};
const development = { devServerOrigin: 'http://localhost:5173' };

describe('isNavigationAllowed', () => {
  it('refuses every navigation in production, the app itself included', () => {
    for (const url of [
      'pixelpool://app/index.html',
      'https://example.com/',
      'file:///tmp/a.jpg',
      'about:blank',
    ]) {
      expect(isNavigationAllowed(url, production)).toBe(false);
    }
  });

  it('lets the dev server reload itself in development, and nothing else', () => {
    expect(isNavigationAllowed('http://localhost:5173/index.html', development)).toBe(true);
    expect(isNavigationAllowed('http://localhost:5174/', development)).toBe(false);
    expect(isNavigationAllowed('https://example.com/', development)).toBe(false);
    expect(isNavigationAllowed('file:///tmp/dropped.jpg', development)).toBe(false);
  });
});

describe('isRequestAllowed', () => {
  it('allows the app, media, data: and blob: in production', () => {
    expect(isRequestAllowed('pixelpool://app/assets/index.js', production)).toBe(true);
    expect(isRequestAllowed(`pixelpool-media://${'a'.repeat(32)}/`, production)).toBe(true);
    expect(isRequestAllowed('data:image/png;base64,AAAA', production)).toBe(true);
    expect(isRequestAllowed('blob:pixelpool://app/1234', production)).toBe(true);
  });

  it('cancels remote and file requests in production', () => {
    for (const url of [
      'https://example.com/x.js',
      'http://127.0.0.1:5173/',
      'ws://localhost:5173/',
      'file:///etc/passwd',
      'ftp://example.com/',
      'devtools://devtools/bundled/inspector.html',
      'chrome-extension://abc/x.js',
      'not a url',
    ]) {
      expect(isRequestAllowed(url, production)).toBe(false);
    }
  });

  it('adds the dev server (http and its HMR socket) and DevTools in development', () => {
    expect(isRequestAllowed('http://localhost:5173/src/main.tsx', development)).toBe(true);
    expect(isRequestAllowed('ws://localhost:5173/?token=x', development)).toBe(true);
    expect(isRequestAllowed('devtools://devtools/bundled/inspector.html', development)).toBe(true);
    expect(isRequestAllowed('ws://localhost:9999/', development)).toBe(false);
    expect(isRequestAllowed('https://cdn.example.com/react.js', development)).toBe(false);
    expect(isRequestAllowed('file:///etc/passwd', development)).toBe(false);
  });
});
