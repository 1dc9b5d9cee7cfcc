import { type KeyboardEvent, type PointerEvent, useRef, useState } from 'react';
import './CompareView.css';

interface Props {
  beforeSrc: string;
  afterSrc: string;
  width: number;
  height: number;
  busy: boolean;
}

/**
 * Before (left of the split) and after (right), one over the other at the same size. The split follows
 * a drag anywhere on the picture, and the handle is a keyboard slider (arrows, Shift for big steps, Home/End).
 */
export function CompareView({ beforeSrc, afterSrc, width, height, busy }: Props) {
  const [split, setSplit] = useState(50);
  const frame = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);

  const splitAt = (clientX: number) => {
    const rect = frame.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    setSplit(Math.round(Math.min(100, Math.max(0, ((clientX - rect.left) / rect.width) * 100)) * 10) / 10);
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    dragging.current = true;
    e.currentTarget.setPointerCapture(e.pointerId);
    splitAt(e.clientX);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const step = e.shiftKey ? 10 : 2;
    const next =
      e.key === 'ArrowLeft' || e.key === 'ArrowDown'
        ? split - step
        : e.key === 'ArrowRight' || e.key === 'ArrowUp'
          ? split + step
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? 100
              : e.key === 'PageDown'
                ? split - 10
                : e.key === 'PageUp'
                  ? split + 10
                  : undefined;
    if (next === undefined) return;
    e.preventDefault();
    setSplit(Math.min(100, Math.max(0, next)));
  };

  return (
    <div className="compare" data-testid="preview-compare">
      <div
        ref={frame}
        className={`compare__frame${busy ? ' compare__frame--busy' : ''}`}
        // Never taller than --preview-max-h: narrow the frame instead, so the split maps onto the picture.
        style={{
          aspectRatio: `${width} / ${height}`,
          width: `min(100%, calc(var(--preview-max-h) * ${width / height}))`,
        }}
        onPointerDown={onPointerDown}
        onPointerMove={(e) => dragging.current && splitAt(e.clientX)}
        onPointerUp={() => {
          dragging.current = false;
        }}
        onPointerCancel={() => {
          dragging.current = false;
        }}
      >
        <img
          className="compare__img"
          src={beforeSrc}
          alt="Before: the original, downscaled"
          draggable={false}
          data-testid="preview-before"
        />
        <img
          className="compare__img compare__img--after"
          src={afterSrc}
          alt="After: the pipeline applied"
          draggable={false}
          style={{ clipPath: `inset(0 0 0 ${split}%)` }}
          data-testid="preview-after"
        />
        <span className="compare__tag compare__tag--before" aria-hidden="true">
          Before
        </span>
        <span className="compare__tag compare__tag--after" aria-hidden="true">
          After
        </span>
        <div
          className="compare__handle"
          style={{ left: `${split}%` }}
          role="slider"
          tabIndex={0}
          aria-label="Before and after split"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={split}
          aria-valuetext={`${Math.round(split)}% before, ${Math.round(100 - split)}% after`}
          aria-orientation="horizontal"
          onKeyDown={onKeyDown}
          data-testid="preview-split"
        >
          <span className="compare__knob" aria-hidden="true">
            ‹ ›
          </span>
        </div>
      </div>
    </div>
  );
}
