import { API_METHODS, type ApiMethod, type PixelPoolApi } from '../../../shared/contract';
import { unwrap } from './errors';
import type { Channel } from './types';

/** Builds the typed PixelPoolApi on a raw channel: one function per method, envelopes unwrapped. */
export function typedApi(channel: Channel): PixelPoolApi {
  const api: Record<string, unknown> = {
    onEvent: (listener: Parameters<Channel['onEvent']>[0]) => channel.onEvent(listener),
  };
  for (const method of API_METHODS) {
    api[method] = async (request?: unknown) =>
      unwrap(method as ApiMethod, await channel.invoke(method, request));
  }
  return api as PixelPoolApi;
}
