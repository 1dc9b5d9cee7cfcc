/**
 * The one place the UI reaches the host: the bridge (Electron preload or the web host's WebSocket)
 * picked by renderer/src/bridge. Components get the API from the AppContext, not from here.
 */

/** The message of an API rejection or any thrown value, for showing to the user: the one helper every side uses. */
export { messageOf } from '../../../shared/errors';
export { getBridge } from '../bridge';
export type { Bridge, ConnectionState } from '../bridge/types';

/** True for the rejection of a superseded request (a newer preview replaced it): not worth showing. */
export function isCancelled(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'cancelled';
}
