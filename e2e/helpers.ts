/// <reference lib="dom" />
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import sharp from 'sharp';
import { PHOTOS, type Target } from './fixtures';

export const PHOTO_NAMES = [
  'colorful-cups.jpg',
  'evening-glow-boats.jpg',
  'fallen-leaf.jpg',
  'forest-path.jpg',
];

/**
 * Downscaled copies of the sample photos (still real photos, just fewer pixels) so the suite stays
 * quick on two cores. Names are kept, with an optional prefix. Past the four sample photos each round
 * is encoded at a lower quality, so every file is a photo of its own: the app lists a byte-for-byte
 * copy once (a prefix alone makes such copies of another call's files).
 */
export async function smallPhotos(dir: string, count: number, width = 640, prefix = ''): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (let i = 0; i < count; i++) {
    const source = join(PHOTOS, PHOTO_NAMES[i % PHOTO_NAMES.length]);
    const numbered = count > PHOTO_NAMES.length ? `${String(i + 1).padStart(2, '0')}-` : '';
    const name = `${prefix}${numbered}${basename(source)}`;
    const path = join(dir, name);
    const round = Math.floor(i / PHOTO_NAMES.length);
    await sharp(source)
      .resize({ width })
      .jpeg({ quality: 88 - round })
      .toFile(path);
    paths.push(path);
  }
  return paths;
}

/** A JPEG cut to a third of its bytes and a text file named .png: two ways a user meets a broken file. */
export async function brokenFiles(dir: string): Promise<{ truncated: string; textAsPng: string }> {
  await mkdir(dir, { recursive: true });
  const jpeg = await readFile(join(PHOTOS, 'forest-path.jpg'));
  const truncated = join(dir, 'truncated.jpg');
  await writeFile(truncated, jpeg.subarray(0, Math.floor(jpeg.length / 3)));
  const textAsPng = join(dir, 'notes.png');
  await writeFile(textAsPng, 'These are my holiday notes, not a picture.\n');
  return { truncated, textAsPng };
}

/** Waits until an <img> has loaded real pixels. */
export async function waitForImage(image: Locator): Promise<void> {
  await image.evaluate(async (el) => {
    const img = el as HTMLImageElement;
    if (!img.complete || img.naturalWidth === 0) {
      await new Promise<void>((resolve, reject) => {
        img.addEventListener('load', () => resolve(), { once: true });
        img.addEventListener('error', () => reject(new Error(`image failed to load: ${img.src}`)), {
          once: true,
        });
      });
    }
    if (img.naturalWidth === 0) throw new Error(`image has no pixels: ${img.src}`);
  });
}

export interface PixelComparison {
  width: number;
  height: number;
  /** Mean absolute difference per colour channel, 0..255. */
  meanAbsDiff: number;
  /** Share of pixels whose colour channels are all within 2 of 255 minus the other image's. */
  invertedShare: number;
}

/** Reads both images' pixels through a canvas, in the page, and compares them. */
export async function comparePixels(page: Page, before: Locator, after: Locator): Promise<PixelComparison> {
  await waitForImage(before);
  await waitForImage(after);
  const a = await before.elementHandle();
  const b = await after.elementHandle();
  return page.evaluate(
    ([x, y]) => {
      const read = (img: HTMLImageElement) => {
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d');
        if (!ctx) throw new Error('no 2d context');
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, canvas.width, canvas.height);
      };
      const p = read(x as HTMLImageElement);
      const q = read(y as HTMLImageElement);
      if (p.width !== q.width || p.height !== q.height) {
        throw new Error(`sizes differ: ${p.width}x${p.height} vs ${q.width}x${q.height}`);
      }
      let diff = 0;
      let inverted = 0;
      for (let i = 0; i < p.data.length; i += 4) {
        let pixelInverted = true;
        for (let c = 0; c < 3; c++) {
          diff += Math.abs(p.data[i + c] - q.data[i + c]);
          if (Math.abs(255 - p.data[i + c] - q.data[i + c]) > 2) pixelInverted = false;
        }
        if (pixelInverted) inverted++;
      }
      const pixels = p.width * p.height;
      return {
        width: p.width,
        height: p.height,
        meanAbsDiff: diff / (pixels * 3),
        invertedShare: inverted / pixels,
      };
    },
    [a, b] as const,
  );
}

/** Saves e2e/screenshots/<panel>-<light|dark>[-electron].png of the whole window. */
export async function screenshotPanel(page: Page, panel: string, target: Target): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    // From the top: a full-page capture of a scrolled page draws sticky headers mid-page.
    await page.evaluate(() => window.scrollTo(0, 0));
    // Park the pointer in a corner so no chart tooltip or hover state is captured.
    await page.mouse.move(0, 0);
    // Let transitions and chart animations settle.
    await page.waitForTimeout(400);
    const suffix = target === 'electron' ? '-electron' : '';
    await page.screenshot({
      path: join(__dirname, 'screenshots', `${panel}-${colorScheme}${suffix}.png`),
      fullPage: true,
    });
  }
  await page.emulateMedia({ colorScheme: null });
}

/** screenshotPanel in a small and a large window: `<name>-800-…` at 800x600 and `<name>-1920-…` at 1920x1080. */
export async function screenshotSizes(page: Page, name: string, target: Target): Promise<void> {
  for (const [width, height] of [
    [800, 600],
    [1920, 1080],
  ] as const) {
    await page.setViewportSize({ width, height });
    await screenshotPanel(page, `${name}-${width}`, target);
  }
}

/**
 * Starts collecting requestAnimationFrame intervals in the page. `markSelector`: the moment an
 * element matching it first appears is recorded, so frames before it (the work running) and
 * after it (drawing the results) can be told apart.
 */
export async function startFrameProbe(page: Page, markSelector: string): Promise<void> {
  await page.evaluate((selector) => {
    const w = window as unknown as {
      __frames: [number, number][];
      __probe: boolean;
      __markAt: number | null;
    };
    w.__frames = [];
    w.__probe = true;
    w.__markAt = null;
    const observer = new MutationObserver(() => {
      if (w.__markAt === null && document.querySelector(selector)) {
        w.__markAt = performance.now();
        observer.disconnect();
      }
    });
    observer.observe(document.body, { childList: true, subtree: true });
    let last = performance.now();
    const tick = (now: number) => {
      w.__frames.push([now, now - last]);
      last = now;
      if (w.__probe) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, markSelector);
}

export interface FrameStats {
  frames: number;
  worstMs: number;
  p95Ms: number;
  medianMs: number;
  over50ms: number;
}

function summarise(intervals: number[]): FrameStats {
  const sorted = [...intervals].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    frames: intervals.length,
    worstMs: round(sorted[sorted.length - 1] ?? 0),
    p95Ms: round(at(0.95)),
    medianMs: round(at(0.5)),
    over50ms: intervals.filter((f) => f > 50).length,
  };
}

/** Stops the probe: stats of all frames, of those before the mark, and of those after it. */
export async function stopFrameProbe(
  page: Page,
): Promise<{ all: FrameStats; beforeMark: FrameStats; afterMark: FrameStats }> {
  const { frames, markAt } = await page.evaluate(() => {
    const w = window as unknown as {
      __frames: [number, number][];
      __probe: boolean;
      __markAt: number | null;
    };
    w.__probe = false;
    return { frames: w.__frames.slice(1), markAt: w.__markAt };
  });
  const mark = markAt ?? Number.POSITIVE_INFINITY;
  return {
    all: summarise(frames.map(([, dt]) => dt)),
    beforeMark: summarise(frames.filter(([t]) => t <= mark).map(([, dt]) => dt)),
    afterMark: summarise(frames.filter(([t]) => t > mark).map(([, dt]) => dt)),
  };
}

/** Opens a panel by its tab. */
export async function openPanel(
  page: Page,
  panel: 'images' | 'edit' | 'benchmark' | 'batch' | 'lab',
): Promise<Locator> {
  await page.getByTestId(`tab-${panel}`).click();
  const locator = page.getByTestId(`panel-${panel}`);
  await locator.waitFor({ state: 'visible' });
  return locator;
}

/**
 * Sets the benchmark form: exactly these worker counts (those the form offers), only this transport,
 * this many repeats, and the kernels when given (else the form's).
 */
export async function chooseBenchmark(
  page: Page,
  choice: {
    workers: number[];
    transport: 'copy' | 'transfer' | 'shared';
    repeat: number;
    scope?: 'filter' | 'job' | 'both';
    kernels?: 'js' | 'wasm';
  },
): Promise<void> {
  for (const box of await page.getByTestId('bench-workers').locator('input[type="checkbox"]').all()) {
    const n = Number((await box.getAttribute('data-testid'))?.split('-').pop());
    if (choice.workers.includes(n)) await box.check();
    else await box.uncheck();
  }
  for (const t of ['copy', 'transfer', 'shared'] as const) {
    const box = page.getByTestId(`bench-transport-${t}`);
    if (t === choice.transport) await box.check();
    else await box.uncheck();
  }
  await page.getByTestId(`bench-scope-choice-${choice.scope ?? 'both'}`).check();
  if (choice.kernels) await page.getByTestId('bench-kernels').selectOption(choice.kernels);
  await page.getByTestId('bench-mode-repeat').check();
  await page.getByTestId('bench-repeat').fill(String(choice.repeat));
}

/**
 * The smallest rendered size, in CSS pixels, of any text in the page's charts (SVG text, scaled as the
 * SVG is drawn, and the HTML legends): what a person reads at this window size. Issue 10 saw chart
 * labels drawn at about 5 px in an 800x600 window; a chart scaled to fit must not do that.
 */
export async function smallestChartText(page: Page): Promise<{ px: number; text: string }> {
  return page.evaluate(() => {
    let smallest = { px: Number.POSITIVE_INFINITY, text: '' };
    for (const node of Array.from(document.querySelectorAll<SVGTextElement>('.recharts-wrapper svg text'))) {
      if (!node.textContent?.trim() || node.getBBox().width === 0) continue;
      const scale = node.getScreenCTM()?.a ?? 1;
      const px = Number.parseFloat(getComputedStyle(node).fontSize) * scale;
      if (px < smallest.px) smallest = { px, text: node.textContent.trim() };
    }
    for (const node of Array.from(document.querySelectorAll<HTMLElement>('.recharts-legend-wrapper *'))) {
      if (!node.childNodes.length || !node.textContent?.trim()) continue;
      const px = Number.parseFloat(getComputedStyle(node).fontSize);
      if (px < smallest.px) smallest = { px, text: node.textContent.trim() };
    }
    return smallest;
  });
}
