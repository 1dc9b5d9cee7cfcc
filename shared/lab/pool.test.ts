import { describe, expect, it } from 'vitest';
import { childErrorFinding, firstArrival, poolFindings, poolIntro, stepsSpec } from './pool';
import { POOL_CHILD_ERROR, POOL_RESULT } from './test-reports';

describe('the pool experiment in words', () => {
  it('says what ran on what', () => {
    expect(poolIntro(POOL_RESULT, 'gaussian-blur:sigma=3')).toEqual([
      'Pool methods: 3 photos (all 200x100, 0.1 MP in all), gaussian-blur:sigma=3, on one pool of 2 workers, warmed up once; the photos decoded before anything is timed.',
      "3 rounds, every method once a round, taking turns; each method shows its median round: when each result reached the caller, ms from the method's start.",
    ]);
  });

  it("ties imap's first result to map's, apply to applyAsync, the orders, and the child's error", () => {
    const findings = poolFindings(POOL_RESULT);
    expect(findings.map((f) => f.key)).toEqual(['imap', 'apply', 'unordered', 'error']);
    const [imap, apply, unordered, error] = findings.map((f) => f.text);
    expect(imap).toMatch(/^imap delivered its first result at 20 ms, map at 120 ms: Pool\.map returns/);
    expect(imap).toContain('both took about as long in all (120 ms and 115 ms)');
    // 150 > 1.1 x 100: apply blocked.
    expect(apply).toMatch(/^apply took 150 ms, applyAsync 100 ms: Pool\.apply blocks .* the workers wait/);
    expect(unordered).toContain('imap_unordered delivered in the order the photos finished (2,1,3)');
    expect(unordered).toContain('input order (1,2,3)');
    expect(error).toMatch(/reached the parent as PipelineError: step 1/);
    expect(error).toContain('the error callback was called with it and get() re-raised it');
    expect(error).toContain("its stack still holds 2 frames from the worker's file");
  });

  it('says "about as long" only when map and imap took within a fifth of each other', () => {
    const stretched = {
      ...POOL_RESULT,
      methods: POOL_RESULT.methods.map((m) => (m.name === 'imap' ? { ...m, totalMs: 240 } : m)),
    };
    const [imap] = poolFindings(stretched).map((f) => f.text);
    expect(imap).not.toContain('about as long');
    expect(imap).toContain('in all map took 120 ms and imap 240 ms, 2.0x apart');
  });

  it("says when the worker's side of the stack was lost", () => {
    const lost = { ...POOL_CHILD_ERROR, workerFrames: [], callbackGotIt: false };
    expect(childErrorFinding(lost)).toContain('the error callback was NOT called');
    expect(childErrorFinding(lost)).toContain("no frame from the worker's file");
  });

  it('finds first arrivals and writes steps as the CLI takes them', () => {
    expect(POOL_RESULT.methods.map(firstArrival)).toEqual([40, 30, 120, 20, 25]);
    expect(stepsSpec([{ id: 'gaussian-blur', params: { sigma: 3 } }, { id: 'sobel' }])).toBe(
      'gaussian-blur:sigma=3,sobel',
    );
    expect(stepsSpec([{ id: 'invert', enabled: false }])).toBe('no filter');
  });
});
