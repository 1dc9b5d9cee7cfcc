import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

/**
 * One polite live region for the whole app: panels announce what finished or failed
 * (besides showing it inline), so screen-reader users hear it wherever their focus is.
 */
type Announce = (message: string) => void;

const AnnouncerContext = createContext<Announce>(() => {});

export function AnnouncerProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const announce = useCallback<Announce>((text) => {
    // Clearing first makes a repeated message be read again.
    setMessage('');
    requestAnimationFrame(() => setMessage(text));
  }, []);
  const value = useMemo(() => announce, [announce]);
  return (
    <AnnouncerContext.Provider value={value}>
      {children}
      <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="announcer">
        {message}
      </div>
    </AnnouncerContext.Provider>
  );
}

export function useAnnounce(): Announce {
  return useContext(AnnouncerContext);
}
