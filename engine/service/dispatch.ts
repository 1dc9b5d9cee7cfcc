import {
  API_METHODS,
  type ApiMethod,
  type ApiRequest,
  type ApiResponse,
  type ApiResult,
} from '../../shared/contract';
import { toApiError } from './errors';
import { describeIssues, requestSchemas } from './schemas';

/** What dispatch needs of a service: one async handler per API method. */
export type ApiHandlers = {
  [M in ApiMethod]: (request: ApiRequest<M>) => Promise<ApiResult<M>>;
};

const methodNames: ReadonlySet<string> = new Set(API_METHODS);

export function isApiMethod(method: unknown): method is ApiMethod {
  return typeof method === 'string' && methodNames.has(method);
}

/**
 * The one entry point hosts call with whatever a renderer or browser sent. Unknown methods and
 * payloads that fail their schema get an error response; whatever the handler throws becomes an
 * error response too. It never rejects, so a hostile message cannot crash the host.
 */
export async function dispatch(
  handlers: ApiHandlers,
  method: unknown,
  payload: unknown,
): Promise<ApiResponse> {
  try {
    if (!isApiMethod(method)) {
      const shown = typeof method === 'string' ? `"${method.slice(0, 64)}"` : typeof method;
      return { ok: false, error: { code: 'unknown-method', message: `Unknown API method ${shown}` } };
    }
    const parsed = requestSchemas[method].safeParse(payload);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'bad-request', message: `Invalid ${method} request: ${describeIssues(parsed.error)}` },
      };
    }
    const handler = handlers[method] as (request: unknown) => Promise<unknown>;
    const value = await handler.call(handlers, parsed.data);
    return { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}
