import type { ApiError, ApiErrorCode } from '../../shared/contract';
import { OptionError } from '../../shared/errors';

/** An error the service means to show: its code and message travel to the renderer as they are. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError';
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Engine messages start with the file's path; the UI shows the name beside the message already. */
export function withoutPath(message: string, path: string): string {
  return message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message;
}

/**
 * Turns anything thrown by the service into the error the renderer sees. Engine errors with a
 * known name keep their message (they name the file or filter at fault); anything else is an
 * 'internal' error whose message, but never its stack, is passed on.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ServiceError) return { code: error.code, message: error.message };
  if (error instanceof Error) {
    if (error.name === 'PipelineError') return { code: 'invalid-pipeline', message: error.message };
    if (error instanceof OptionError) return { code: 'bad-request', message: error.message };
    if (error.name === 'ImageError') return { code: 'image-error', message: error.message };
    if (error.name === 'AbortError') return { code: 'cancelled', message: error.message || 'Cancelled' };
    return { code: 'internal', message: error.message || error.name };
  }
  return { code: 'internal', message: String(error) };
}
