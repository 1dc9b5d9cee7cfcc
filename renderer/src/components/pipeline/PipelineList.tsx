import { useLayoutEffect, useRef, useState } from 'react';
import type { PipelineCheck } from '../../hooks/usePipelineValidation';
import { useApp } from '../../state/AppContext';
import { FilterCard } from './FilterCard';
import './PipelineList.css';

type ButtonKind = 'up' | 'down' | 'remove';

/** The ordered steps. Moving or removing a step keeps keyboard focus on a sensible button. */
export function PipelineList({ check }: { check: PipelineCheck }) {
  const { steps, dispatch, filtersById, undo } = useApp();
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const [focusTarget, setFocusTarget] = useState<{ uid: string; kind: ButtonKind } | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [drop, setDrop] = useState<{ index: number; side: 'before' | 'after' } | null>(null);
  const endDrag = () => {
    setDragged(null);
    setDrop(null);
  };

  // React may re-insert the moved card's DOM node, which drops focus: put it back on the same control,
  // or on its twin when the step reached the end of the list.
  useLayoutEffect(() => {
    if (!focusTarget) return;
    const el = buttons.current.get(`${focusTarget.uid}:${focusTarget.kind}`);
    const twin = buttons.current.get(`${focusTarget.uid}:${focusTarget.kind === 'up' ? 'down' : 'up'}`);
    (el && !el.disabled ? el : twin)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  if (steps.length === 0) {
    return (
      <p className="empty" data-testid="pipeline-empty">
        The pipeline is empty. Add a filter above; steps run from top to bottom.
      </p>
    );
  }

  return (
    <ol className="pipeline-list" aria-label="Pipeline steps, run from top to bottom" data-testid="pipeline">
      {steps.map((step, index) => (
        <FilterCard
          key={step.uid}
          step={step}
          filter={filtersById.get(step.id)}
          index={index}
          count={steps.length}
          error={check.stepUid === step.uid ? check.error : null}
          drag={{
            dragging: dragged === step.uid,
            dropAt: drop?.index === index && dragged !== step.uid ? drop.side : null,
            grip: {
              draggable: true,
              onDragStart: (e) => {
                e.dataTransfer.effectAllowed = 'move';
                e.dataTransfer.setData('text/plain', step.uid);
                // The whole card as the picture dragged, not just the grip.
                const card = e.currentTarget.closest('li');
                if (card) e.dataTransfer.setDragImage(card, 24, 24);
                setDragged(step.uid);
              },
              onDragEnd: endDrag,
            },
            card: {
              onDragOver: (e) => {
                if (!dragged) return;
                e.preventDefault();
                const box = e.currentTarget.getBoundingClientRect();
                const side = e.clientY < box.top + box.height / 2 ? 'before' : 'after';
                if (drop?.index !== index || drop.side !== side) setDrop({ index, side });
              },
              onDrop: (e) => {
                e.preventDefault();
                const from = steps.findIndex((s) => s.uid === dragged);
                if (dragged && from >= 0 && drop) {
                  // Positions in the list without the dragged step.
                  const target = drop.index + (drop.side === 'after' ? 1 : 0);
                  dispatch({ type: 'place', uid: dragged, to: target > from ? target - 1 : target });
                }
                endDrag();
              },
            },
          }}
          registerButton={(kind, el) => {
            const key = `${step.uid}:${kind}`;
            if (el) buttons.current.set(key, el);
            else buttons.current.delete(key);
          }}
          onMove={(by) => {
            dispatch({ type: 'move', uid: step.uid, by });
            setFocusTarget({ uid: step.uid, kind: by === -1 ? 'up' : 'down' });
          }}
          onToggle={(enabled) => dispatch({ type: 'toggle', uid: step.uid, enabled })}
          onRemove={() => {
            // Focus the neighbour's remove button so repeated removals stay on the keyboard.
            const neighbour = steps[index + 1] ?? steps[index - 1];
            const before = steps.map(({ uid: _uid, ...rest }) => rest);
            dispatch({ type: 'remove', uid: step.uid });
            if (neighbour) setFocusTarget({ uid: neighbour.uid, kind: 'remove' });
            undo.offerUndo({
              label: `Removed step ${index + 1}, ${filtersById.get(step.id)?.label ?? step.id}`,
              restore: () => dispatch({ type: 'replace', steps: before }),
            });
          }}
          onParam={(key, value) => dispatch({ type: 'set-param', uid: step.uid, key, value })}
          onReset={() => {
            const filter = filtersById.get(step.id);
            if (filter) dispatch({ type: 'reset', uid: step.uid, filter });
          }}
        />
      ))}
    </ol>
  );
}
