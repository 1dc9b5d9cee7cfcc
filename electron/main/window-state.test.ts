import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  loadWindowState,
  MIN_SIZE,
  parseWindowState,
  restoreBounds,
  saveWindowState,
  type WindowState,
} from './window-state';

const fullHd = { x: 0, y: 0, width: 1920, height: 1040 };
const rightScreen = { x: 1920, y: 0, width: 1280, height: 1000 };

describe('window state file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pixelpool-window-state-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('round-trips through the file and leaves no temporary file behind', async () => {
    const file = join(dir, 'nested', 'window-state.json');
    const state: WindowState = { bounds: { x: 10, y: 20, width: 1000, height: 700 }, maximized: true };
    await saveWindowState(file, state);
    expect(await loadWindowState(file)).toEqual(state);
    expect(await readdir(join(dir, 'nested'))).toEqual(['window-state.json']);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(state);
  });

  it('treats a missing, truncated or hand-mangled file as no saved state', async () => {
    expect(await loadWindowState(join(dir, 'absent.json'))).toBeNull();
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"bounds": {"x": 1');
    expect(await loadWindowState(broken)).toBeNull();
    await writeFile(
      broken,
      JSON.stringify({ bounds: { x: 0, y: 0, width: -5, height: 10 }, maximized: false }),
    );
    expect(await loadWindowState(broken)).toBeNull();
  });
});

describe('parseWindowState', () => {
  it('keeps only the known fields of a valid state', () => {
    expect(
      parseWindowState({
        bounds: { x: -5, y: 3, width: 800, height: 600, junk: 1 },
        maximized: false,
        more: 2,
      }),
    ).toEqual({ bounds: { x: -5, y: 3, width: 800, height: 600 }, maximized: false });
  });

  it('refuses non-integers, infinities, zero sizes and wrong types', () => {
    for (const value of [
      null,
      [],
      { bounds: { x: 0.5, y: 0, width: 800, height: 600 }, maximized: false },
      { bounds: { x: 0, y: 0, width: 0, height: 600 }, maximized: false },
      { bounds: { x: 0, y: 0, width: Number.POSITIVE_INFINITY, height: 600 }, maximized: false },
      { bounds: { x: 0, y: 0, width: 800, height: 600 }, maximized: 'yes' },
      { bounds: { x: '0', y: 0, width: 800, height: 600 }, maximized: false },
    ]) {
      expect(parseWindowState(value)).toBeNull();
    }
  });
});

describe('restoreBounds', () => {
  const state = (x: number, y: number, width: number, height: number): WindowState => ({
    bounds: { x, y, width, height },
    maximized: false,
  });

  it('opens at the default size, centred, without saved state or displays', () => {
    expect(restoreBounds(null, [fullHd])).toEqual(DEFAULT_SIZE);
    expect(restoreBounds(state(0, 0, 900, 700), [])).toEqual(DEFAULT_SIZE);
  });

  it('never opens larger than the primary display, even by default', () => {
    expect(restoreBounds(null, [{ x: 0, y: 0, width: 1024, height: 600 }])).toEqual({
      width: 1024,
      height: 600,
    });
  });

  it('restores bounds that are on a display as they were', () => {
    expect(restoreBounds(state(100, 50, 900, 700), [fullHd])).toEqual({
      x: 100,
      y: 50,
      width: 900,
      height: 700,
    });
    expect(restoreBounds(state(2000, 100, 900, 700), [fullHd, rightScreen])).toEqual({
      x: 2000,
      y: 100,
      width: 900,
      height: 700,
    });
  });

  it('falls back to the default when the display it was on is gone', () => {
    expect(restoreBounds(state(2000, 100, 900, 700), [fullHd])).toEqual(DEFAULT_SIZE);
    expect(restoreBounds(state(-3000, -3000, 900, 700), [fullHd, rightScreen])).toEqual(DEFAULT_SIZE);
  });

  it('pulls a window hanging off an edge back inside the work area', () => {
    // Overlaps the left display most (420 x 240 px against 480 x 200 px on the right one).
    expect(restoreBounds(state(1500, 800, 900, 700), [fullHd, rightScreen])).toEqual({
      x: 1020,
      y: 340,
      width: 900,
      height: 700,
    });
    expect(restoreBounds(state(2300, 900, 900, 700), [fullHd, rightScreen])).toEqual({
      x: 2300,
      y: 300,
      width: 900,
      height: 700,
    });
    expect(restoreBounds(state(-100, -20, 900, 700), [fullHd])).toEqual({
      x: 0,
      y: 0,
      width: 900,
      height: 700,
    });
  });

  it('shrinks a window larger than its display, but not below the minimum size', () => {
    const small = { x: 0, y: 0, width: 1024, height: 600 };
    expect(restoreBounds(state(0, 0, 1900, 1000), [small])).toEqual({ x: 0, y: 0, width: 1024, height: 600 });
    const tiny = { x: 0, y: 0, width: 640, height: 480 };
    const restored = restoreBounds(state(0, 0, 700, 500), [tiny]);
    expect(restored.width).toBe(640);
    expect(restored.height).toBe(480);
    expect(MIN_SIZE.width).toBeGreaterThan(640);
  });
});
