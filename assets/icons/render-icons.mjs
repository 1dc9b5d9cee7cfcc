// Renders icon.svg to the PNGs electron-builder packages: png/NxN.png (Linux icon set, 16..1024) and
// icon.png (1024 px; electron-builder derives the macOS .icns and Windows .ico from it).
// Run from the repository root: node assets/icons/render-icons.mjs
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const here = dirname(fileURLToPath(import.meta.url));
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

const svg = await readFile(join(here, 'icon.svg'));
await mkdir(join(here, 'png'), { recursive: true });
for (const size of SIZES) {
  // Rasterise at the target size (density scales the 1024-unit viewBox) rather than downscaling a big bitmap.
  const density = Math.max(1, (72 * size) / 1024);
  await sharp(svg, { density }).resize(size, size).png({ compressionLevel: 9 }).toFile(join(here, 'png', `${size}x${size}.png`));
}
await sharp(svg, { density: 72 }).resize(1024, 1024).png({ compressionLevel: 9 }).toFile(join(here, 'icon.png'));
await sharp(svg, { density: 36 }).resize(512, 512).png({ compressionLevel: 9 }).toFile(join(here, 'icon-512.png'));
console.log(`icons written to ${here}`);
