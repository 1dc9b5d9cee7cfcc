/**
 * Many images as one call: `map` (all at once, results in input order) and `imap` (a stream, with at
 * most `window` images in flight).
 *
 * Why apart from the pool: what makes these right is not scheduling but the call's lifetime. Every
 * image of the call shares one AbortController, so the first failure, the caller's signal, or leaving
 * an imap loop early cancels the rest; and results the caller will never get (a failed map, an imap left
 * early) are released here, or the shared memory they hold would stay lent for good.
 */
import { setMaxListeners } from 'node:events';
import { checkWholeNumber } from '../../shared/errors';
import { labelOf } from './run-checks';
import type { FilterResult, ImapOptions, LabeledImage, RunOptions } from './types';

/** Runs one image: the pool's submit, given the run's options and the image's position in the input. */
export type RunOne = (image: LabeledImage, options: RunOptions, index: number) => Promise<FilterResult>;

/** Python's map: every image at once; the first failure rejects and cancels the images still running. */
export async function mapAll(
  run: RunOne,
  images: readonly LabeledImage[],
  options: Omit<RunOptions, 'label'>,
): Promise<FilterResult[]> {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per image in flight, however many
  const unlink = linkSignal(options.signal, controller);
  const runs = images.map((image, index) =>
    run(image, { ...options, label: labelOf(image, `image ${index + 1}`), signal: controller.signal }, index),
  );
  try {
    return await Promise.all(runs);
  } catch (error) {
    // The caller gets none of the results: shared ones would stay lent for good.
    for (const pending of runs) {
      pending.then(
        (result) => result.release(),
        () => undefined,
      );
    }
    throw error;
  } finally {
    unlink();
    controller.abort();
  }
}

/** Python's imap / imap_unordered, with at most `window` images in flight. */
export async function* imapWindowed(
  run: RunOne,
  images: Iterable<LabeledImage> | AsyncIterable<LabeledImage>,
  options: ImapOptions,
): AsyncGenerator<FilterResult, void, undefined> {
  const { ordered = true, window = 2, ...runOptions } = options;
  checkWholeNumber('imap window', window, 1);
  type Settled = { index: number } & ({ ok: true; result: FilterResult } | { ok: false; error: Error });
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per image in flight, however many
  const unlink = linkSignal(runOptions.signal, controller);
  const iterator =
    Symbol.asyncIterator in images ? images[Symbol.asyncIterator]() : images[Symbol.iterator]();
  const pending = new Map<number, Promise<Settled>>();
  let submitted = 0;
  let exhausted = false;
  let nextInOrder = 0;
  const fill = async (): Promise<void> => {
    while (!exhausted && pending.size < window) {
      const next = await iterator.next();
      if (next.done) {
        exhausted = true;
        break;
      }
      const index = submitted++;
      const options = {
        ...runOptions,
        label: labelOf(next.value, `image ${index + 1}`),
        signal: controller.signal,
      };
      pending.set(
        index,
        run(next.value, options, index).then(
          (result): Settled => ({ index, ok: true, result }),
          (error: Error): Settled => ({ index, ok: false, error }),
        ),
      );
    }
  };
  try {
    await fill();
    while (pending.size > 0) {
      const settled = ordered
        ? await (pending.get(nextInOrder++) as Promise<Settled>)
        : await Promise.race(pending.values());
      pending.delete(settled.index);
      if (!settled.ok) throw settled.error;
      await fill();
      yield settled.result;
    }
  } finally {
    unlink();
    controller.abort();
    // Results never yielded (the loop was left early, or a failure): shared ones would stay lent for good.
    for (const settled of pending.values()) void settled.then((s) => s.ok && s.result.release());
    if (!exhausted) await iterator.return?.();
  }
}

/** Aborts `controller` when `signal` aborts; returns the unlinking function. */
function linkSignal(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return () => undefined;
  if (signal.aborted) {
    controller.abort();
    return () => undefined;
  }
  const onAbort = (): void => controller.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}
