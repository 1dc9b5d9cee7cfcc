import { useEffect, useRef, useState } from 'react';
import type { ConnectionState } from '../../api/client';
import { useApp } from '../../state/AppContext';
import './ConnectionBanner.css';

/** In a browser the engine is reached over a socket: say so when it drops (the bridge reconnects by itself). */
export function ConnectionBanner() {
  const { api } = useApp();
  const [state, setState] = useState<ConnectionState>('open');
  const wasOpen = useRef(false);
  useEffect(
    () =>
      api.onConnection((next) => {
        if (next === 'open') wasOpen.current = true;
        setState(next);
      }),
    [api],
  );
  if (state === 'open' || !wasOpen.current) return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      {state === 'connecting'
        ? 'Reconnecting to the PixelPool engine…'
        : 'Lost the connection to the PixelPool engine.'}{' '}
      <button type="button" className="btn btn-ghost" onClick={() => window.location.reload()}>
        Reload
      </button>
    </div>
  );
}
