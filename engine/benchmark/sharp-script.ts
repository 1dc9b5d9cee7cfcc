/**
 * The sharp script users compare PixelPool with: for a lone gaussian-blur or sobel, each file through
 * `sharp(bytes).rotate().<operation>.<encode>.toBuffer()`, a few files at a time, sharp at its normal
 * concurrency. Here: its text (for the report, so a reader can run it), and its timed shape in the job
 * scope (file bytes in memory in, encoded bytes out, nothing written, like the job's other contenders).
 * Main thread only (sharp).
 */
import sharp, { type Sharp } from 'sharp';
import { DEFAULT_QUALITY, type OutputFormat } from '../images/index';
import { type BenchmarkInputs, type Contender, emptySplit, encodeFormatFor, jobLabel } from './contenders';
import type { ReferenceOperation } from './reference';
import { scriptLabel } from './script-comparison';

interface Encoder {
  /** As a script writes it. */
  call: string;
  apply(pipeline: Sharp): Sharp;
}

/**
 * The job scope's encode settings (encodeImage in engine/images), as a script writes them, so that the
 * script writes the same format at the same quality as the job it is compared with.
 */
const ENCODERS: Readonly<Record<OutputFormat, Encoder>> = {
  jpeg: {
    call: `jpeg({ quality: ${DEFAULT_QUALITY} })`,
    apply: (p) => p.jpeg({ quality: DEFAULT_QUALITY }),
  },
  png: { call: 'png({ compressionLevel: 6 })', apply: (p) => p.png({ compressionLevel: 6 }) },
  webp: {
    call: `webp({ quality: ${DEFAULT_QUALITY} })`,
    apply: (p) => p.webp({ quality: DEFAULT_QUALITY }),
  },
  avif: {
    call: `avif({ quality: ${DEFAULT_QUALITY} })`,
    apply: (p) => p.avif({ quality: DEFAULT_QUALITY }),
  },
};

/** How sharp's metadata() names an input format (AVIF is read by libheif). */
function metadataFormat(format: string): string {
  return format === 'avif' ? 'heif' : format;
}

export interface SharpScript {
  /** What each file goes through. */
  call: string;
  /** The whole script, runnable with node: `node script.js <in-dir> <out-dir> [files at once]`. */
  text: string;
  lines: number;
}

/**
 * The script for these input formats, `atOnce` files at a time by default. One output format: the plain
 * call; several: the encoder picked by each file's format, as a user would have to.
 */
export function sharpScript(
  operation: ReferenceOperation,
  inputFormats: readonly string[],
  atOnce: number,
): SharpScript {
  const formats = [...new Set(inputFormats)];
  const outputs = new Set(formats.map(encodeFormatFor));
  const source = `sharp(bytes).rotate().${operation.call}`;
  const [single] = outputs;
  const call =
    outputs.size === 1
      ? `${source}.${ENCODERS[single].call}.toBuffer()`
      : `${source}.<${[...outputs].map((f) => ENCODERS[f].call).join(' or ')}>.toBuffer()`;
  const work =
    outputs.size === 1
      ? [`    await writeFile(join(out, name), await ${call});`]
      : [
          `    const image = ${source};`,
          '    const { format } = await sharp(bytes).metadata();',
          '    await writeFile(join(out, name), await encoders[format](image).toBuffer());',
        ];
  const encoders =
    outputs.size === 1
      ? []
      : [
          `const encoders = { ${formats.map((f) => `${metadataFormat(f)}: (s) => s.${ENCODERS[encodeFormatFor(f)].call}`).join(', ')} };`,
        ];
  const lines = [
    "const { readdir, readFile, writeFile } = require('node:fs/promises');",
    "const { join } = require('node:path');",
    "const sharp = require('sharp');",
    '',
    `const [dir, out, atOnce = '${atOnce}'] = process.argv.slice(2);`,
    ...encoders,
    'async function work(names) {',
    '  for (let name = names.shift(); name !== undefined; name = names.shift()) {',
    '    const bytes = await readFile(join(dir, name));',
    ...work,
    '  }',
    '}',
    'readdir(dir).then((names) => Promise.all(Array.from({ length: Number(atOnce) }, () => work(names))));',
  ];
  return { call, text: lines.join('\n'), lines: lines.length };
}

/**
 * The script's shape, timed: `atOnce` files in flight, each the next one not taken yet, sharp at its
 * normal concurrency. Its output is not checked against the serial one: sharp's operation is not ours.
 */
export function scriptJob(operation: ReferenceOperation, atOnce: number, inputs: BenchmarkInputs): Contender {
  const encoders = inputs.decoded.map((d) => ENCODERS[encodeFormatFor(d.format)]);
  return {
    scope: 'job',
    mode: 'reference',
    label: jobLabel(scriptLabel(atOnce)),
    workers: atOnce,
    transport: null,
    schedule: null,
    pool: null,
    async run() {
      let next = 0;
      const count = inputs.bytes.length;
      const work = async () => {
        try {
          for (let i = next++; i < count; i = next++) {
            inputs.signal?.throwIfAborted();
            await encoders[i].apply(operation.apply(sharp(inputs.bytes[i]).rotate())).toBuffer();
          }
        } catch (error) {
          // The other runners take no new file.
          next = count;
          throw error;
        }
      };
      const start = performance.now();
      await Promise.all(Array.from({ length: Math.min(atOnce, count) }, work));
      return { ms: performance.now() - start, split: emptySplit(), busyMsByWorker: [] };
    },
  };
}
