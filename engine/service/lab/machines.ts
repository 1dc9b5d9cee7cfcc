import type { RedisTarget } from '../../distributed/redis-url';
import type { LabRunner } from './types';

/**
 * The machine axis on the Lab's photos: the same batch through the queue on 1, 2, … worker hosts
 * (engine/distributed/machines.ts), a step per run. BullMQ and ioredis load only when it runs. The
 * photos and the output folder must be where the hosts see them, at the same paths (docs/distributed.md).
 */
export const machinesRunner: LabRunner<'machines'> = async (run, request, images) => {
  const redis: RedisTarget | undefined = run.redis;
  if (redis === undefined) throw new Error("the machines experiment needs the worker hosts' Redis");
  const { runMachines } = await import('../../distributed/machines');
  try {
    const { images: _count, ...report } = await runMachines(
      {
        files: images.map((image) => image.path),
        steps: request.steps,
        outDir: request.outDir,
        redis,
        hostCounts: request.hostCounts,
        runs: request.runs,
      },
      { signal: run.signal, onStep: (done, total, label) => run.progress(done, total, label) },
    );
    return report;
  } catch (err) {
    // The job's error reaches the window: never with the password in it.
    if (err instanceof Error) err.message = redis.redact(err.message);
    throw err;
  }
};
