import { decodeImage } from '../../images/index';
import type { LabeledImage } from '../../pool/types';
import type { LabImage, LabRun } from './types';

/**
 * The photos of an experiment on many photos, decoded one by one, each a progress step (`done` counted
 * from `first` of `total`) and a point where a cancel stops it.
 */
export async function decodeLabPhotos(
  run: LabRun,
  images: readonly LabImage[],
  total: number,
): Promise<LabeledImage[]> {
  const decoded: LabeledImage[] = [];
  for (const [k, image] of images.entries()) {
    run.signal.throwIfAborted();
    run.progress(k, total, `Decoding ${image.name}`);
    decoded.push({ ...(await decodeImage(image.path)), label: image.name });
  }
  return decoded;
}
