import { describe, expect, it } from 'vitest';
import { everyUpdateCounted, managerFindings, managerIntro, messageOverShared } from './manager';
import { managerResult } from './test-fixtures';

describe('the manager experiment, in words', () => {
  it('says what ran', () => {
    expect(managerIntro(managerResult)).toBe(
      "Manager: 2 workers each report 1000 progress updates into one job's counter (2000 in all).",
    );
  });

  it('names both Python APIs and the ratio of their costs (20 ms against 1 ms)', () => {
    expect(messageOverShared(managerResult)).toBe(20);
    const [modes, advice] = managerFindings(managerResult);
    expect(modes).toContain("(Python's multiprocessing.Manager().Value: a proxy");
    expect(modes).toContain("(Python's multiprocessing.Value)");
    expect(modes).toContain('By message each update cost 20.0x what it cost in shared memory.');
    expect(advice).toMatch(/^A manager is worth its cost/);
  });

  it('says so when a mode counted fewer updates than were sent', () => {
    expect(everyUpdateCounted(managerResult)).toBe(true);
    const lost = {
      ...managerResult,
      results: [managerResult.results[0], { ...managerResult.results[1], counted: 1999 }],
    };
    expect(everyUpdateCounted(lost)).toBe(false);
    expect(managerFindings(lost)[0]).toContain('Not every update was counted');
  });
});
