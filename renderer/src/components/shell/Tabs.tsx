import { type KeyboardEvent, useRef } from 'react';
import './Tabs.css';

export interface TabSpec<Id extends string> {
  id: Id;
  label: string;
  hint: string;
  /** A small count shown beside the label (images, steps), or a status word. */
  badge?: string;
}

interface Props<Id extends string> {
  tabs: readonly TabSpec<Id>[];
  current: Id;
  onSelect(id: Id): void;
}

/**
 * ARIA tabs: Tab moves into the list and out of it, arrows / Home / End move between tabs and select
 * them (automatic activation: panels are cheap to show because they stay mounted).
 */
export function Tabs<Id extends string>({ tabs, current, onSelect }: Props<Id>) {
  const refs = useRef(new Map<Id, HTMLButtonElement>());

  const onKeyDown = (e: KeyboardEvent) => {
    const i = tabs.findIndex((t) => t.id === current);
    let j: number | undefined;
    if (e.key === 'ArrowDown' || e.key === 'ArrowRight') j = (i + 1) % tabs.length;
    else if (e.key === 'ArrowUp' || e.key === 'ArrowLeft') j = (i - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = tabs.length - 1;
    if (j === undefined) return;
    e.preventDefault();
    const next = tabs[j].id;
    onSelect(next);
    refs.current.get(next)?.focus();
  };

  return (
    <nav className="app-tabs" aria-label="Panels">
      <div role="tablist" aria-orientation="vertical" className="app-tabs__list" onKeyDown={onKeyDown}>
        {tabs.map((t, index) => (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
              else refs.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-controls={`panel-${t.id}`}
            aria-selected={t.id === current}
            tabIndex={t.id === current ? 0 : -1}
            className="app-tabs__tab"
            data-testid={`tab-${t.id}`}
            onClick={() => onSelect(t.id)}
            title={`${t.hint} (Alt+${index + 1})`}
          >
            <span className="app-tabs__index" aria-hidden="true">
              {index + 1}
            </span>
            <span className="app-tabs__text">
              <span className="app-tabs__label">{t.label}</span>
              <span className="app-tabs__hint">{t.hint}</span>
            </span>
            {t.badge ? <span className="app-tabs__badge num">{t.badge}</span> : null}
          </button>
        ))}
      </div>
    </nav>
  );
}
