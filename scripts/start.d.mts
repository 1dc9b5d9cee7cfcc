/** Types of scripts/start.mjs, for its test (tools/start-script.test.ts). */
export function electronProblem(
  electronDir: string | null,
  env?: Record<string, string | undefined>,
  root?: string,
): string | null;
export function findElectronDir(root?: string): string | null;
