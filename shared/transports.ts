/**
 * How a strip's pixels reach a worker and come back: the pool's three transports, as the engine
 * runs them (engine/pool/transports.ts), the API and the CLI accept them, and the benchmark form
 * explains them. Pure data, no imports, because the renderer bundles it.
 */
export const TRANSPORTS = ['copy', 'transfer', 'shared'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export interface TransportInfo {
  title: string;
  /** One line on what travels between the threads; docs/pool.md, "Transports", has the measurements. */
  idea: string;
}

export const TRANSPORT_INFO = {
  copy: {
    title: 'Copy',
    idea: 'Each strip is sliced into a buffer of its own and sent as a structured clone, like a Queue that pickles; the result comes back as a clone too: copies both ways.',
  },
  transfer: {
    title: 'Transfer',
    idea: 'Each strip is sliced into a buffer of its own, which is transferred in without a second copy; the result comes back as a copy, so that no worker ever detaches a buffer.',
  },
  shared: {
    title: 'Shared',
    idea: 'The image and the output sit in SharedArrayBuffers that every worker reads and writes in place; messages carry only offsets, so no strip is copied.',
  },
} as const satisfies Record<Transport, TransportInfo>;
