/**
 * The batch's rules as each layer applies them: the batch form (renderer/src/lib/naming.ts), the API's
 * schemas (engine/service/schemas.ts) and the engine (engine/batch/naming.ts, engine/images/formats.ts).
 * They read one module each in shared/; this fails as soon as one layer gets a rule of its own again.
 * Everything imported here is pure, so it runs under the renderer's tsconfig as well as the engine's.
 */
import { describe, expect, it } from 'vitest';
import { expandNamePattern, NamePatternError, padIndex, validateNamePattern } from '../engine/batch/naming';
import { IMAGE_EXTENSIONS, OUTPUT_EXTENSIONS, OUTPUT_FORMATS } from '../engine/images/formats';
import { requestSchemas, settingsSchema } from '../engine/service/schemas';
import { exampleOutputName, namePatternProblem } from '../renderer/src/lib/naming';
import {
  DEFAULT_OUTPUT_FORMAT,
  DEFAULT_QUALITY,
  OUTPUT_FORMAT_CHOICE_LABEL,
  OUTPUT_FORMAT_CHOICES,
  OUTPUT_FORMAT_INFO,
  outputFormatFor,
} from './formats';
import { KERNEL_CHOICES, KERNEL_INFO, SCHEDULE_INFO, SCHEDULES } from './kernels';
import { TRANSPORT_INFO, TRANSPORTS } from './transports';

const PATTERNS = [
  // accepted
  '{name}-edited.{ext}',
  '{index}.{ext}',
  '{index}_{name}_{filter}.{ext}',
  '{name}',
  'IMG {index} of the batch.{ext}',
  '{dir}{name}-edited.{ext}',
  `{name}${'x'.repeat(194)}`,
  // refused
  '',
  '   ',
  'edited.{ext}',
  '{ext}',
  '{filter}.{ext}',
  '{nam}.{ext}',
  '{NAME}.{ext}',
  '{}{name}',
  '{name}{size}',
  'sub/{name}.{ext}',
  'a\\{name}',
  '{name}\0.{ext}',
  '../{name}',
  '{name}{dir}.{ext}',
  '{dir}/{name}',
  `{name}${'x'.repeat(195)}`,
];

/** Test titles: long patterns by their length. */
const CASES = PATTERNS.map((p) => [
  p.length > 40 ? `${p.slice(0, 10)}… (${p.length} characters)` : JSON.stringify(p),
  p,
]);

const batchRequest = {
  imageIds: ['a'],
  steps: [],
  outDir: '/tmp/out',
  format: 'jpeg',
  quality: 80,
  namePattern: '{name}.{ext}',
  onConflict: 'suffix',
  workers: 2,
};

/** undefined when accepted, else the messages given. */
function apiVerdict(request: unknown): string | undefined {
  const parsed = requestSchemas.startBatch.safeParse(request);
  return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.message).join('; ');
}

function settingsVerdict(pattern: string): string | undefined {
  const { imageIds: _, steps: __, ...batch } = { ...batchRequest, namePattern: pattern };
  const parsed = settingsSchema.partial().safeParse({ batch });
  return parsed.success ? undefined : parsed.error.issues.map((issue) => issue.message).join('; ');
}

function engineVerdict(pattern: string): string | undefined {
  try {
    validateNamePattern(pattern);
    return undefined;
  } catch (err) {
    if (err instanceof NamePatternError) return err.message;
    throw err;
  }
}

describe('name patterns: the form, the API and the engine agree', () => {
  it('the table has patterns of both kinds', () => {
    const verdicts = PATTERNS.map((p) => namePatternProblem(p) === undefined);
    expect(verdicts.filter(Boolean).length).toBe(7);
    expect(verdicts.filter((ok) => !ok).length).toBe(PATTERNS.length - 7);
  });

  it.each(CASES)('%s: accepted or refused alike, with the same sentence', (_, pattern) => {
    const form = namePatternProblem(pattern);
    expect(apiVerdict({ ...batchRequest, namePattern: pattern }), 'startBatch').toBe(form);
    expect(settingsVerdict(pattern), 'saveSettings').toBe(form);
    expect(engineVerdict(pattern), 'runBatch').toBe(form);
  });

  const accepted = CASES.filter(([, p]) => namePatternProblem(p) === undefined);
  describe.each([[[]], [['sobel', 'invert']]])('with filters %j', (filterIds: string[]) => {
    it.each(accepted)('%s: the form previews the name the engine writes', (_, pattern) => {
      for (const format of OUTPUT_FORMATS) {
        const input = { inputName: 'holiday.photo.JPG', index: 6, total: 120, format, filterIds };
        // The parts as engine/batch/index.ts gives them for /photos/holiday.photo.JPG.
        const written = expandNamePattern(pattern, {
          name: 'holiday.photo',
          index: padIndex(6, 120),
          ext: OUTPUT_EXTENSIONS[format],
          filter: filterIds.join('+'),
        });
        expect(exampleOutputName(pattern, input), format).toBe(written);
      }
    });
  });
});

describe('output formats: the form, the API and the engine agree', () => {
  it.each(OUTPUT_FORMATS)('%s: the extension the form previews is the encoder’s', (format) => {
    const input = { inputName: 'a.png', index: 0, total: 1, format, filterIds: [] };
    expect(exampleOutputName('{name}.{ext}', input)).toBe(`a.${OUTPUT_EXTENSIONS[format]}`);
    // A folder scan finds what a batch wrote, so a second batch can read it back.
    expect(IMAGE_EXTENSIONS.has(`.${OUTPUT_EXTENSIONS[format]}`)).toBe(true);
    expect(apiVerdict({ ...batchRequest, format })).toBeUndefined();
  });

  it('the form labels the formats the engine writes, and the API takes no other', () => {
    expect(Object.keys(OUTPUT_FORMAT_INFO).sort()).toEqual([...OUTPUT_FORMATS].sort());
    expect(new Set(OUTPUT_FORMATS.map((f) => OUTPUT_FORMAT_INFO[f].label)).size).toBe(OUTPUT_FORMATS.length);
    for (const other of ['gif', 'tiff', 'jpg', 'JPEG']) {
      expect(apiVerdict({ ...batchRequest, format: other }), other).toBeDefined();
    }
  });

  it("'same' keeps each writable input format, makes PNG of the others, and is the default everywhere", () => {
    expect(apiVerdict({ ...batchRequest, format: 'same' })).toBeUndefined();
    for (const format of OUTPUT_FORMATS) expect(outputFormatFor('same', format)).toBe(format);
    for (const input of ['tiff', 'gif']) expect(outputFormatFor('same', input)).toBe('png');
    expect(outputFormatFor(undefined, 'webp')).toBe('webp');
    expect(outputFormatFor('avif', 'png')).toBe('avif');
    // The app's settings start from these (engine/service/service.test.ts reads them back); the CLI's options too.
    expect([DEFAULT_OUTPUT_FORMAT, DEFAULT_QUALITY]).toEqual(['same', 80]);
    expect(OUTPUT_FORMAT_CHOICES.map((c) => OUTPUT_FORMAT_CHOICE_LABEL[c])).toContain('Same as input');
  });
});

// engine/pool/types.ts re-exports TRANSPORTS; the pool itself cannot load under the renderer's tsconfig.
describe('transports: the form and the API agree', () => {
  const benchmark = { imageIds: ['a'], steps: [], workers: [1], repeat: 1 };
  it('the form describes every transport, and the API takes no other', () => {
    expect(Object.keys(TRANSPORT_INFO).sort()).toEqual([...TRANSPORTS].sort());
    expect(
      requestSchemas.startBenchmark.safeParse({ ...benchmark, transports: [...TRANSPORTS] }).success,
    ).toBe(true);
    expect(requestSchemas.startBenchmark.safeParse({ ...benchmark, transports: ['pipe'] }).success).toBe(
      false,
    );
  });
});

describe('kernels and schedules: the form and the API agree', () => {
  it('the form describes every choice, and the API takes those and no other', () => {
    expect(Object.keys(KERNEL_INFO).sort()).toEqual([...KERNEL_CHOICES].sort());
    expect(Object.keys(SCHEDULE_INFO).sort()).toEqual([...SCHEDULES].sort());
    for (const kernels of KERNEL_CHOICES)
      expect(apiVerdict({ ...batchRequest, kernels }), kernels).toBeUndefined();
    for (const schedule of SCHEDULES)
      expect(apiVerdict({ ...batchRequest, schedule }), schedule).toBeUndefined();
    for (const kernels of ['simd', 'JS', 'auto', '']) {
      expect(apiVerdict({ ...batchRequest, kernels }), kernels).toMatch(/expected one of "js"\|"wasm"/);
    }
    expect(apiVerdict({ ...batchRequest, schedule: 'rows' })).toMatch(
      /expected one of "auto"\|"strips"\|"images"/,
    );
  });
});
