import { describe, expect, it } from 'vitest';
import { batchEstimate, encodedSummary, estimateSentence } from './output-size';

const output = { format: 'jpeg', quality: 80, bytes: 1_200_000, inputBytes: 3_400_000 } as const;

describe('the encoded size and the batch estimate', () => {
  it('says the format, the quality when it applies, and both sizes', () => {
    expect(encodedSummary(output)).toMatch(/^JPEG q80: 1\.\d+ MB \(input 3\.\d+ MB\)$/);
    expect(encodedSummary({ ...output, format: 'png', quality: null })).toMatch(/^PNG: /);
  });

  it("applies this image's output/input ratio to the batch's input bytes, and says so", () => {
    const e = batchEstimate(output, [{ bytes: 3_400_000 }, { bytes: 6_800_000 }]);
    expect(e).toEqual({ bytes: 3_600_000, images: 2, inputBytes: 10_200_000, ratio: 1.2 / 3.4 });
    expect(estimateSentence(e as NonNullable<typeof e>, 'a.jpg')).toMatch(
      /^Batch estimate: about .+ for 2 images .+ from a\.jpg's output at 0\.35× its input size$/,
    );
  });

  it('gives no estimate without images or input bytes', () => {
    expect(batchEstimate(output, [])).toBeNull();
    expect(batchEstimate({ ...output, inputBytes: 0 }, [{ bytes: 1 }])).toBeNull();
  });
});
