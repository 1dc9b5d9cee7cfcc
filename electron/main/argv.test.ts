import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchPathsFromArgv, MAX_LAUNCH_PATHS, parseLaunchRequest } from './argv';

const cwd = resolve('/home/ada/photos');

describe('launchPathsFromArgv', () => {
  it('takes the file arguments of a packaged launch, resolved against its working directory', () => {
    const argv = ['/opt/PixelPool/pixelpool', 'a.jpg', 'trip/', '/tmp/b.png'];
    expect(launchPathsFromArgv(argv, { defaultApp: false, cwd })).toEqual([
      resolve(cwd, 'a.jpg'),
      resolve(cwd, 'trip'),
      resolve('/tmp/b.png'),
    ]);
  });

  it('skips the app path of `electron <app>` and every switch, Chromium’s included', () => {
    const argv = [
      '/usr/lib/electron',
      '.',
      '--inspect=0',
      '--original-process-start-time=123',
      'a.jpg',
      '-v',
    ];
    expect(launchPathsFromArgv(argv, { defaultApp: true, cwd })).toEqual([resolve(cwd, 'a.jpg')]);
  });

  it('finds the app path after the switches Playwright puts first', () => {
    const argv = [
      '/usr/lib/electron',
      '--inspect=0',
      '--remote-debugging-port=0',
      'out/main/index.js',
      'b.png',
    ];
    expect(launchPathsFromArgv(argv, { defaultApp: true, cwd })).toEqual([resolve(cwd, 'b.png')]);
    expect(launchPathsFromArgv(argv.slice(0, 4), { defaultApp: true, cwd })).toEqual([]);
  });

  it('treats everything after -- as a path, even a leading dash', () => {
    const argv = ['/opt/PixelPool/pixelpool', '--', '-odd-name.jpg'];
    expect(launchPathsFromArgv(argv, { defaultApp: false, cwd })).toEqual([resolve(cwd, '-odd-name.jpg')]);
  });

  it('drops URLs, empty strings and duplicates', () => {
    const argv = ['/opt/PixelPool/pixelpool', 'pixelpool://app/', 'https://x.test/', '', 'a.jpg', './a.jpg'];
    expect(launchPathsFromArgv(argv, { defaultApp: false, cwd })).toEqual([resolve(cwd, 'a.jpg')]);
  });

  it('gives nothing for a bare launch', () => {
    expect(launchPathsFromArgv(['/opt/PixelPool/pixelpool'], { defaultApp: false, cwd })).toEqual([]);
    expect(launchPathsFromArgv(['/usr/lib/electron', '.'], { defaultApp: true, cwd })).toEqual([]);
  });
});

describe('parseLaunchRequest', () => {
  it('accepts absolute paths, deduplicated', () => {
    expect(parseLaunchRequest({ paths: ['/a.jpg', '/b', '/a.jpg'] })).toEqual({ paths: ['/a.jpg', '/b'] });
  });

  it('ignores anything else as a whole', () => {
    for (const data of [
      null,
      undefined,
      'paths',
      { paths: 'a.jpg' },
      { paths: ['relative.jpg'] },
      { paths: ['/a.jpg', 3] },
      { paths: ['/a\0.jpg'] },
      { paths: ['/a.jpg'], extra: true },
      { paths: Array.from({ length: MAX_LAUNCH_PATHS + 1 }, (_, i) => `/${i}.jpg`) },
    ]) {
      expect(parseLaunchRequest(data)).toEqual({ paths: [] });
    }
  });
});
