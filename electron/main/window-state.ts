import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';

/**
 * The main window's size, position and maximised state, remembered between launches in
 * userData/window-state.json. (Settings and the last pipeline are the service's to persist.)
 * No 'electron' import: the shell passes in the displays' work areas.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rect;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 760, height: 520 } as const;

/** Reads the saved state; a missing, unreadable or malformed file means "no saved state", never a crash. */
export async function loadWindowState(file: string): Promise<WindowState | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    return parseWindowState(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Writes to a temporary name and renames, so a crash mid-write cannot leave half a file. */
export async function saveWindowState(file: string, state: WindowState): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(state, null, 2)}\n`, 'utf8');
  await rename(temp, file);
}

export function parseWindowState(value: unknown): WindowState | null {
  const parsed = windowStateSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const windowStateSchema = z.object({
  bounds: z.object({
    x: z.number().int(),
    y: z.number().int(),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
  }),
  maximized: z.boolean(),
});

/**
 * Where to open the window. Saved bounds that still touch a connected display are pulled wholly inside the
 * display they overlap most, and shrunk to its work area (a monitor may have been unplugged or its
 * resolution lowered since); saved bounds on no display at all give the default size, which Electron centres
 * (no x/y). Nothing is made smaller than MIN_SIZE unless the display itself is smaller.
 */
export function restoreBounds(saved: WindowState | null, workAreas: readonly Rect[]): Partial<Rect> & Size {
  const primary = workAreas[0];
  const fallback = primary
    ? {
        width: Math.min(DEFAULT_SIZE.width, primary.width),
        height: Math.min(DEFAULT_SIZE.height, primary.height),
      }
    : { width: DEFAULT_SIZE.width, height: DEFAULT_SIZE.height };
  if (!saved) return fallback;
  const { bounds } = saved;
  let best: { area: Rect; overlap: number } | null = null;
  for (const area of workAreas) {
    const overlap = overlapArea(bounds, area);
    if (overlap > 0 && (!best || overlap > best.overlap)) best = { area, overlap };
  }
  if (!best) return fallback;
  const { area } = best;
  const width = clamp(bounds.width, Math.min(MIN_SIZE.width, area.width), area.width);
  const height = clamp(bounds.height, Math.min(MIN_SIZE.height, area.height), area.height);
  const x = clamp(bounds.x, area.x, area.x + area.width - width);
  const y = clamp(bounds.y, area.y, area.y + area.height - height);
  return { x, y, width, height };
}

interface Size {
  width: number;
  height: number;
}

function overlapArea(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}
