import { useCallback, useRef, useState } from 'react';

/**
 * The content width of an element, kept current with a ResizeObserver. Returns a callback ref, so it
 * follows the element even when a component swaps which element carries it.
 */
export function useElementWidth(fallback = 600): [(el: HTMLElement | null) => void, number] {
  const [width, setWidth] = useState(fallback);
  const observer = useRef<ResizeObserver | null>(null);
  const ref = useCallback((el: HTMLElement | null) => {
    observer.current?.disconnect();
    observer.current = null;
    if (!el) return;
    observer.current = new ResizeObserver(([entry]) => {
      const w = Math.floor(entry.contentRect.width);
      if (w > 0) setWidth(w);
    });
    observer.current.observe(el);
  }, []);
  return [ref, width];
}
