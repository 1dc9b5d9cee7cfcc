/**
 * `pixelpool batch … --redis <url>`: the same batch, its images run by worker hosts
 * (`pixelpool worker`) through the queue. The bar, the ETA, the summary and the exit codes are the
 * local batch's (batch-command.ts); the summary adds which hosts ran the images.
 */
import type { BatchOptions } from '../../engine/batch/index';
import { IMAGE_QUEUE } from '../../engine/distributed/job';
import { parseRedisUrl } from '../../engine/distributed/redis-url';
import { QueueUnreachableError, runQueuedBatch } from '../../engine/distributed/submit';
import { OptionError } from '../../shared/errors';
import { type BatchProgress, batchProgress, formatSummary } from './batch-command';
import { plural } from './format';
import { handleInterrupts } from './signals';

export async function queuedBatchCommand(batchOptions: BatchOptions, redisUrl: string): Promise<number> {
  const redis = parseRedisUrl(redisUrl);
  let progress: BatchProgress | undefined;
  const interrupts = handleInterrupts(() => {
    progress?.stop();
    process.stderr.write(
      "Cancelling: removing the batch's waiting jobs from the queue, waiting for those the worker hosts are running (Ctrl-C again to quit now)…\n",
    );
  });
  let lastHosts: number | undefined;
  const shown = batchProgress(interrupts.signal, () => `through the queue ${IMAGE_QUEUE} at ${redis.shown}`);
  progress = shown;
  try {
    const summary = await runQueuedBatch(
      batchOptions,
      {
        redis,
        log: (line) => process.stderr.write(`pixelpool batch: ${line}\n`),
        onWorkerHosts: (count) => {
          // Said when it changes between none and some: a bar that does not move should say why.
          if ((count === 0) === (lastHosts === 0) && lastHosts !== undefined) return;
          lastHosts = count;
          process.stderr.write(
            count === 0
              ? `pixelpool batch: waiting for a worker host: none listens on ${IMAGE_QUEUE} at ${redis.shown} (start one with pixelpool worker --redis …)\n`
              : `pixelpool batch: ${plural(count, 'worker host')} listening\n`,
          );
        },
      },
      { signal: interrupts.signal, onProgress: shown.onProgress },
    );
    shown.stop();
    if (summary.total === 0)
      throw new OptionError('the inputs', 'image files or folders with images', batchOptions.inputs);
    const lines = [formatSummary(summary)];
    if (summary.hosts.length > 0) {
      const byHost = summary.hosts.map((h) => `${h.name} ${h.images}`).join(', ');
      lines.push(`Worker hosts: ${byHost}.\n`);
      // What each machine added to the batch's rate: the machine axis of the speedup story.
      const seconds = summary.elapsedMs / 1000;
      const total = summary.hosts.reduce((mp, h) => mp + h.megapixels, 0);
      for (const h of summary.hosts) {
        const rate =
          seconds > 0
            ? ` (${(h.megapixels / seconds).toFixed(1)} of the batch's ${(total / seconds).toFixed(1)} MP/s)`
            : '';
        lines.push(`  ${h.name}: ${plural(h.images, 'image')}, ${h.megapixels.toFixed(1)} MP${rate}\n`);
      }
    }
    if (summary.abandoned > 0) {
      lines.push(
        `${plural(summary.abandoned, 'image')} still running on worker hosts when the wait ended: each is written whole or not at all.\n`,
      );
    }
    process.stdout.write(lines.join(''));
    if (summary.cancelled) return interrupts.cancelledExitCode;
    return summary.failed.length > 0 ? 1 : 0;
  } catch (err) {
    shown.stop();
    if (err instanceof QueueUnreachableError) {
      process.stderr.write(`pixelpool batch: ${redis.redact(err.message)}\n`);
      return 1;
    }
    throw err;
  } finally {
    interrupts.dispose();
  }
}
