import { describe, expect, it } from 'vitest';
import { withLabWorkers } from './lab-workers';

describe('withLabWorkers', () => {
  it('turns the death of a worker into an error naming it, instead of a call that never settles', async () => {
    const ran = withLabWorkers(
      'test',
      1,
      ({ slots, alive }) =>
        alive(
          slots[0].thread.runStrip({
            steps: [],
            width: 1,
            imageHeight: 1,
            y0: 0,
            rows: 1,
            srcY0: 0,
            srcRows: 1,
            source: { kind: 'bytes', data: new Uint8Array(4) },
            replyBy: 'copy',
            fault: 'exit',
          }),
        ),
      true,
    );
    await expect(ran).rejects.toThrow(/^test: worker 0 died \(worker 0 exited with code 70\)$/);
  });

  it('gives back what the experiment returns, and stops its workers', async () => {
    let ids: number[] = [];
    const value = await withLabWorkers('test', 2, async ({ slots, death }) => {
      ids = slots.map((slot) => slot.threadId);
      return death() ?? 'fine';
    });
    expect([value, ids.length]).toEqual(['fine', 2]);
  });
});
