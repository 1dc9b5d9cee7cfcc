/**
 * The race experiment's work (engine/lab/race.ts): the colour histogram of a photo, counted by several
 * threads into one shared Uint32Array of 768 bins (256 for each of R, G and B), in four ways. Pure: the
 * threads that run it are the caller's business.
 *
 * - unsynchronised: `bins[v]++` on shared memory is a load, an add and a store; two threads that load
 *   the same bin before either stores lose one count (Python: a `multiprocessing.Array` updated with
 *   `lock=False`).
 * - atomic: `Atomics.add`, one indivisible read-modify-write per count (Python: `Value.get_lock()` held
 *   only for the increment, done in hardware).
 * - lock: a mutex built on `Atomics.compareExchange`, `Atomics.wait` and `Atomics.notify` around each
 *   pixel's three counts (Python: `with array.get_lock():`).
 * - private: each thread counts into bins of its own and adds them to the shared ones once, at the end
 *   (Python's advice: avoid shared state; results merged by the parent).
 */

// The variants are named once, in shared/lab/race.ts, which the CLI and the app word them from.
import { RACE_VARIANT_NAMES, type RaceVariantName } from '../../shared/lab';

export const RACE_VARIANTS = RACE_VARIANT_NAMES;
export type RaceVariant = RaceVariantName;

/** R, G and B, 256 values each. */
export const HISTOGRAM_BINS = 3 * 256;

const UNLOCKED = 0;
const LOCKED = 1;
/** Locked, and at least one thread may be waiting: the unlock must wake one. */
const CONTENDED = 2;

/** Takes the mutex in `lock[0]` (Ulrich Drepper's three-state futex mutex, on Atomics). */
function acquire(lock: Int32Array): void {
  let state = Atomics.compareExchange(lock, 0, UNLOCKED, LOCKED);
  if (state === UNLOCKED) return;
  do {
    if (state === CONTENDED || Atomics.compareExchange(lock, 0, LOCKED, CONTENDED) !== UNLOCKED) {
      Atomics.wait(lock, 0, CONTENDED);
    }
    state = Atomics.compareExchange(lock, 0, UNLOCKED, CONTENDED);
  } while (state !== UNLOCKED);
}

function release(lock: Int32Array): void {
  if (Atomics.sub(lock, 0, 1) !== LOCKED) {
    Atomics.store(lock, 0, UNLOCKED);
    Atomics.notify(lock, 0, 1);
  }
}

/**
 * Counts the R, G and B bytes of pixels [from, to) of the RGBA `pixels` into `bins` (HISTOGRAM_BINS
 * long, shared between the threads), the way `variant` says. `lock` is an Int32Array of one element,
 * shared too, used by the `lock` variant.
 */
export function countInto(
  variant: RaceVariant,
  pixels: Uint8Array,
  from: number,
  to: number,
  bins: Uint32Array,
  lock: Int32Array,
): void {
  const end = to * 4;
  switch (variant) {
    case 'unsynchronised':
      for (let i = from * 4; i < end; i += 4) {
        bins[pixels[i]]++;
        bins[256 + pixels[i + 1]]++;
        bins[512 + pixels[i + 2]]++;
      }
      return;
    case 'atomic':
      for (let i = from * 4; i < end; i += 4) {
        Atomics.add(bins, pixels[i], 1);
        Atomics.add(bins, 256 + pixels[i + 1], 1);
        Atomics.add(bins, 512 + pixels[i + 2], 1);
      }
      return;
    case 'lock':
      for (let i = from * 4; i < end; i += 4) {
        acquire(lock);
        bins[pixels[i]]++;
        bins[256 + pixels[i + 1]]++;
        bins[512 + pixels[i + 2]]++;
        release(lock);
      }
      return;
    case 'private': {
      const own = new Uint32Array(HISTOGRAM_BINS);
      for (let i = from * 4; i < end; i += 4) {
        own[pixels[i]]++;
        own[256 + pixels[i + 1]]++;
        own[512 + pixels[i + 2]]++;
      }
      for (let bin = 0; bin < HISTOGRAM_BINS; bin++) if (own[bin] > 0) Atomics.add(bins, bin, own[bin]);
      return;
    }
  }
}
