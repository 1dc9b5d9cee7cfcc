import { REQUEST_LIMITS, TIMELINE_SPAN_CAP } from '../../shared/limits';

/**
 * Bounds the service enforces on requests (schemas) and on its own state. Those a CLI command
 * shares (workers, repeats) come from shared/limits.ts, so both hosts refuse the same requests.
 */
export const LIMITS = {
  ...REQUEST_LIMITS,
  maxImages: 2000,
  maxPathsPerRequest: 1000,
  maxPathLength: 4096,
  maxSteps: 32,
  maxWorkerCounts: 8,
  thumbnailSize: 256,
  maxPresetChars: 64 * 1024,
  /** Files found inside the folders of one addPaths call. */
  maxFilesPerFolderScan: 5000,
  /** Folder depth addPaths descends to. */
  maxFolderDepth: 16,
  /**
   * Bytes of thumbnails and previews kept in memory. A full-size preview of a 20 MP photo holds about
   * 200 MB (its decoded input 80 MB, two lossless PNGs about 60 MB each, the encoded output).
   */
  mediaCacheBytes: 512 * 1024 * 1024,
  /** Finished jobs kept for listJobs() / getJob(). */
  keptJobs: 20,
  /** Task spans kept per benchmark job for a reloaded renderer. */
  keptTaskSpans: TIMELINE_SPAN_CAP,
} as const;
