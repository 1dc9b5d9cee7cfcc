import type { ApiCallError, ApiError, ApiMethod, ApiResponse } from '../../../shared/contract';

/** The Error a failed call rejects with: its `code` says why (bad-request, cancelled, …). */
export function apiCallError(method: ApiMethod, error: ApiError): ApiCallError {
  const err = new Error(error.message) as ApiCallError;
  err.name = 'ApiCallError';
  err.code = error.code;
  err.method = method;
  return err;
}

/** Unwraps an ApiResponse envelope: the value, or a thrown ApiCallError. */
export function unwrap<T>(method: ApiMethod, response: ApiResponse): T {
  if (response && typeof response === 'object' && 'ok' in response) {
    if (response.ok) return response.value as T;
    throw apiCallError(method, response.error);
  }
  throw apiCallError(method, { code: 'internal', message: `Malformed response to ${method}` });
}
