import { useCallback, useEffect, useMemo, useState } from 'react';

/** The last destructive action, and how to take it back. */
export interface UndoOffer {
  /** What was done, in a few words: "Cleared 12 images". */
  label: string;
  restore(): void | Promise<void>;
}

export interface UndoState {
  offer: UndoOffer | null;
  /** Offers to undo an action just done; replaces the previous offer. */
  offerUndo(offer: UndoOffer): void;
  /** Takes the offered action back (also Ctrl/Cmd+Z outside a text field). */
  undo(): void;
  dismiss(): void;
}

/** How long the offer stays on screen when nothing else happens. */
const OFFER_MS = 15_000;

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  // A text field has its own undo of what was typed.
  return (
    target.isContentEditable ||
    target.tagName === 'TEXTAREA' ||
    (target.tagName === 'INPUT' && (target as HTMLInputElement).type !== 'checkbox')
  );
}

/** One level of undo for the actions that throw something away (Clear, Clear all, removing a step or an image). */
export function useUndo(): UndoState {
  const [offer, setOffer] = useState<UndoOffer | null>(null);
  const dismiss = useCallback(() => setOffer(null), []);
  const undo = useCallback(() => {
    setOffer((current) => {
      if (current) void current.restore();
      return null;
    });
  }, []);

  useEffect(() => {
    if (!offer) return;
    const timer = setTimeout(dismiss, OFFER_MS);
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() !== 'z' || !(e.ctrlKey || e.metaKey) || e.shiftKey || e.altKey) return;
      if (inTextField(e.target)) return;
      e.preventDefault();
      undo();
    };
    window.addEventListener('keydown', onKey);
    return () => {
      clearTimeout(timer);
      window.removeEventListener('keydown', onKey);
    };
  }, [offer, dismiss, undo]);

  return useMemo(() => ({ offer, offerUndo: setOffer, undo, dismiss }), [offer, undo, dismiss]);
}
