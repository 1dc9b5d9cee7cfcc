import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from './origins';
import { type FrameIdentity, isTrustedSender } from './sender';

const mainFrame: FrameIdentity = {
  url: 'pixelpool://app/index.html',
  processId: 7,
  frameToken: 'token-main',
  parent: null,
  detached: false,
};

describe('isTrustedSender', () => {
  it('accepts the main window top frame at the app origin (even as a different wrapper object)', () => {
    expect(isTrustedSender({ ...mainFrame }, mainFrame, APP_ORIGIN)).toBe(true);
  });

  it('refuses a missing sender frame or a missing window', () => {
    expect(isTrustedSender(null, mainFrame, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(mainFrame, null, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender(undefined, undefined, APP_ORIGIN)).toBe(false);
  });

  it('refuses a sub-frame, even one in the same process at the same origin', () => {
    const child: FrameIdentity = { ...mainFrame, frameToken: 'token-child', parent: mainFrame };
    expect(isTrustedSender(child, mainFrame, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ ...mainFrame, parent: mainFrame }, mainFrame, APP_ORIGIN)).toBe(false);
  });

  it('refuses a frame of another renderer process or another frame token', () => {
    expect(isTrustedSender({ ...mainFrame, processId: 8 }, mainFrame, APP_ORIGIN)).toBe(false);
    expect(isTrustedSender({ ...mainFrame, frameToken: 'other' }, mainFrame, APP_ORIGIN)).toBe(false);
  });

  it('refuses the main frame once it shows anything but the app', () => {
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'about:blank',
      'pixelpool://app.evil/',
    ]) {
      const navigated = { ...mainFrame, url };
      expect(isTrustedSender(navigated, navigated, APP_ORIGIN)).toBe(false);
    }
  });

  it('refuses a detached frame', () => {
    expect(isTrustedSender({ ...mainFrame, detached: true }, mainFrame, APP_ORIGIN)).toBe(false);
  });

  it('accepts the dev server origin only when that is the allowed origin', () => {
    const dev = { ...mainFrame, url: 'http://localhost:5173/' };
    expect(isTrustedSender(dev, dev, 'http://localhost:5173')).toBe(true);
    expect(isTrustedSender(dev, dev, APP_ORIGIN)).toBe(false);
  });
});
