/** Types of scripts/build-wasm.mjs, for electron.vite.config.ts and the benchmark. */
export const DEFAULT_OUT: string;
export const FLAGS: readonly string[];
export function buildWasm(
  outFile?: string,
  flags?: readonly string[],
): Promise<{ outFile: string; cached: boolean; ms: number }>;
