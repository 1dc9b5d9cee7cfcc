/** Keeps the "    at ..." lines of a stack, dropping its "Name: message" head. */
function framesOf(stack: string | undefined): string {
  if (!stack) return '';
  const lines = stack.split('\n');
  const first = lines.findIndex((line) => /^\s+at /.test(line));
  return first < 0 ? '' : lines.slice(first).join('\n');
}

/** A strip of an image failed; the message names the image, and the stack is the worker's, where it failed. */
export class FilterTaskError extends Error {
  override name = 'FilterTaskError';

  constructor(
    readonly label: string,
    readonly stripIndex: number,
    message: string,
    workerStack?: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    const frames = framesOf(workerStack);
    if (frames) this.stack = `${this.name}: ${message}\n${frames}`;
  }
}

/** The run of one image was cancelled through its AbortSignal. */
export class FilterAbortError extends Error {
  override name = 'AbortError';

  constructor(readonly label: string) {
    super(`Filtering "${label}" was cancelled`);
  }
}
