/**
 * Checks a call's arguments before the pool does anything with them.
 *
 * Why here, at the door: once a run has taken arena buffers and queued strips, a bad size or an unknown
 * transport would surface as a worker's error about offsets, or not at all. Checked first, a bad call
 * takes nothing and fails with a message that names the image.
 */

import { checkOneOf, checkWholeNumber, OptionError } from '../../shared/errors';
import { KERNEL_CHOICES, type KernelChoice } from '../../shared/kernels';
import { POOL_KINDS, POOL_TRANSPORTS, type PoolKind, PROCESSES_SHARE_NO_MEMORY } from '../../shared/pools';
import type { RawImage } from '../types';
import { type LabeledImage, RESULT_MEMORIES, type ResultMemory, TRANSPORTS, type Transport } from './types';

/** The name an image goes by in events and errors: the one given, else its own label, else its path. */
export function labelOf(image: LabeledImage, fallback: string, given?: string): string {
  return given ?? image.label ?? image.path ?? fallback;
}

export function checkImage(image: RawImage, label: string): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`"${label}": width and height must be whole numbers >= 1, got ${width}x${height}`);
  }
  if (!(data instanceof Uint8Array) || data.byteLength !== width * height * 4) {
    throw new RangeError(
      `"${label}": expected ${width * height * 4} bytes of RGBA for ${width}x${height}, got ${data?.byteLength}`,
    );
  }
}

export function checkTransport(transport: Transport, kind: PoolKind = 'threads'): void {
  checkOneOf('transport', transport, TRANSPORTS);
  if (!(POOL_TRANSPORTS[kind] as readonly Transport[]).includes(transport)) {
    throw new OptionError(
      'transport',
      '"copy" for a pool of processes',
      transport,
      PROCESSES_SHARE_NO_MEMORY,
    );
  }
}

export function checkPoolKind(kind: PoolKind): void {
  checkOneOf('pool', kind, POOL_KINDS);
}

export function checkKernels(kernels: KernelChoice): void {
  checkOneOf('kernels', kernels, KERNEL_CHOICES);
}

export function checkOutput(output: ResultMemory): void {
  checkOneOf('output', output, RESULT_MEMORIES);
}

export function checkPoolSize(size: number): void {
  checkWholeNumber('pool size', size, 1);
}

export function checkStripRows(stripRows: number, label: string): void {
  checkWholeNumber(`"${label}": stripRows`, stripRows, 1);
}
