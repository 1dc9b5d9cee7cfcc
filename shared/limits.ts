/**
 * Bounds every host applies to the same request, so that a command that works in the CLI works
 * through the API and the UI too. The service adds its own (engine/service/limits.ts); the UI reads
 * these back from Capabilities.
 */
export const REQUEST_LIMITS = {
  /**
   * Largest pool a request may ask for. A fixed number, not a multiple of this machine's cores, so that
   * saved settings and scripts stay valid on a smaller machine; 64 is many times the cores of a desktop
   * (enough to show oversubscription) while each worker thread keeps its own V8 heap, which bounds memory.
   */
  maxWorkers: 64,
  /**
   * Timed rounds per benchmark (each a pair of serial and pool runs per configuration): plenty for a
   * stable median of a fast pipeline. The adaptive mode stops here too.
   */
  maxRepeat: 100,
  /** The adaptive benchmark's time budget, seconds: an hour is far more than any interval needs. */
  maxTimeBudgetSeconds: 3600,
} as const;

/**
 * Task spans a benchmark job keeps for its timeline: the service keeps this many for a reloaded
 * renderer and the renderer keeps as many live, so that a reload draws the same timeline.
 */
export const TIMELINE_SPAN_CAP = 20_000;
