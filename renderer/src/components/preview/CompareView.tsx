import { type KeyboardEvent, type PointerEvent, useEffect, useLayoutEffect, useRef, useState } from 'react';
import {
  actualScale,
  type Box,
  canPan,
  clampView,
  fittedView,
  panBy,
  type View,
  ZOOM_STEP,
  zoomTo,
} from './zoom';
import './CompareView.css';

interface Props {
  beforeSrc: string;
  afterSrc: string;
  /** Size of the output; the before image is drawn at this size too, so both sides line up. */
  width: number;
  height: number;
  busy: boolean;
  /** What the after side shows, for its label: "After" or "As encoded". */
  afterLabel: string;
  /**
   * False when the pipeline changed the size or orientation (geometry steps): the before image would not
   * line up with the after, so only the after is shown, with no split.
   */
  comparable?: boolean;
}

const PAN_STEP = 64;

/**
 * Before (left of the split) and after (right), drawn by one view (zoom.ts) so that both sides line up
 * at every zoom: fitted, 1:1 (one image pixel per device pixel) and anything between. The image is
 * dragged to pan when it is larger than the viewport, and the split follows a drag otherwise; the
 * handle is a keyboard slider (arrows, Shift for big steps, Home/End), the picture takes + - 0 1 and arrows.
 */
export function CompareView({
  beforeSrc,
  afterSrc,
  width,
  height,
  busy,
  afterLabel,
  comparable = true,
}: Props) {
  const [chosenSplit, setSplit] = useState(50);
  const split = comparable ? chosenSplit : 0;
  const viewportRef = useRef<HTMLDivElement>(null);
  const drag = useRef<{ kind: 'split' | 'pan'; x: number; y: number } | null>(null);
  const [viewport, setViewport] = useState<Box>({ width: 0, height: 0 });
  const dpr = typeof window === 'undefined' ? 1 : window.devicePixelRatio || 1;
  const image: Box = { width, height };
  const [view, setView] = useState<View>({ mode: 'fit', scale: 1, x: 0, y: 0 });

  useLayoutEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const measure = () => setViewport({ width: el.clientWidth, height: el.clientHeight });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  // A new size of viewport or image: the fitted view follows it, a chosen zoom stays in bounds.
  useLayoutEffect(() => {
    const img = { width, height };
    setView((v) => (v.mode === 'fit' ? fittedView(img, viewport, dpr) : clampView(v, img, viewport, dpr)));
  }, [width, height, viewport, dpr]);

  const latest = useRef({ view, image, viewport, dpr });
  latest.current = { view, image, viewport, dpr };

  // The wheel zooms about the cursor; a native listener, because React's wheel listeners are passive.
  useEffect(() => {
    const el = viewportRef.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const { view: v, image: img, viewport: box, dpr: ratio } = latest.current;
      const rect = el.getBoundingClientRect();
      const factor = Math.exp(-e.deltaY * 0.002);
      setView(zoomTo(v, v.scale * factor, img, box, ratio, e.clientX - rect.left, e.clientY - rect.top));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, []);

  const zoom = (scale: number) => setView(zoomTo(view, scale, image, viewport, dpr));
  const fit = () => setView(fittedView(image, viewport, dpr));
  const oneToOne = () => zoom(actualScale(dpr));

  const splitAt = (clientX: number) => {
    const rect = viewportRef.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    setSplit(Math.round(Math.min(100, Math.max(0, ((clientX - rect.left) / rect.width) * 100)) * 10) / 10);
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const onHandle = (e.target as HTMLElement).closest('.compare__handle') !== null;
    const kind = !onHandle && canPan(view, image, viewport) ? 'pan' : 'split';
    drag.current = { kind, x: e.clientX, y: e.clientY };
    e.currentTarget.setPointerCapture(e.pointerId);
    if (kind === 'split') splitAt(e.clientX);
  };
  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    if (d.kind === 'split') splitAt(e.clientX);
    else {
      setView((v) => panBy(v, e.clientX - d.x, e.clientY - d.y, image, viewport, dpr));
      drag.current = { ...d, x: e.clientX, y: e.clientY };
    }
  };
  const endDrag = () => {
    drag.current = null;
  };

  const onSplitKey = (e: KeyboardEvent) => {
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
    e.stopPropagation();
    setSplit(Math.min(100, Math.max(0, next)));
  };

  const onViewKey = (e: KeyboardEvent) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const pan = (dx: number, dy: number) => setView(panBy(view, dx, dy, image, viewport, dpr));
    const step = e.shiftKey ? PAN_STEP * 4 : PAN_STEP;
    const action = (): (() => void) | undefined => {
      switch (e.key) {
        case '+':
        case '=':
          return () => zoom(view.scale * ZOOM_STEP);
        case '-':
        case '_':
          return () => zoom(view.scale / ZOOM_STEP);
        case '0':
          return fit;
        case '1':
          return oneToOne;
        case 'ArrowLeft':
          return () => pan(step, 0);
        case 'ArrowRight':
          return () => pan(-step, 0);
        case 'ArrowUp':
          return () => pan(0, step);
        case 'ArrowDown':
          return () => pan(0, -step);
        default:
          return undefined;
      }
    };
    const run = action();
    if (!run) return;
    e.preventDefault();
    run();
  };

  const percent = Math.round(view.scale * dpr * 100);
  const atActual = Math.abs(view.scale - actualScale(dpr)) < 1e-9;
  const stage = {
    width: `${width}px`,
    height: `${height}px`,
    transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})`,
  };
  // From 1:1 up, each image pixel is drawn as a sharp square: what the batch writes, not a smoothed guess.
  const pixelated = view.scale * dpr >= 1 - 1e-9;
  const imgClass = `compare__img${pixelated ? ' compare__img--pixels' : ''}`;

  return (
    <div className="compare" data-testid="preview-compare">
      <div className="compare__toolbar" role="toolbar" aria-label="Zoom">
        <button
          type="button"
          className="btn compare__btn"
          onClick={() => zoom(view.scale / ZOOM_STEP)}
          aria-label="Zoom out"
          data-testid="preview-zoom-out"
        >
          −
        </button>
        <output className="compare__zoom num" data-testid="preview-zoom" aria-label="Zoom level">
          {view.mode === 'fit' ? `Fit ${percent}%` : `${percent}%`}
        </output>
        <button
          type="button"
          className="btn compare__btn"
          onClick={() => zoom(view.scale * ZOOM_STEP)}
          aria-label="Zoom in"
          data-testid="preview-zoom-in"
        >
          +
        </button>
        <button
          type="button"
          className="btn compare__btn"
          onClick={fit}
          aria-pressed={view.mode === 'fit'}
          data-testid="preview-fit"
        >
          Fit
        </button>
        <button
          type="button"
          className="btn compare__btn"
          onClick={oneToOne}
          aria-pressed={atActual}
          title="One image pixel per screen pixel"
          data-testid="preview-actual"
        >
          1:1
        </button>
        <span className="compare__hint muted">Wheel or + − 0 1 to zoom, drag or arrows to pan</span>
      </div>
      <div
        ref={viewportRef}
        className={`compare__frame${busy ? ' compare__frame--busy' : ''}${
          canPan(view, image, viewport) ? ' compare__frame--pan' : ''
        }`}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the picture itself takes the zoom and pan keys
        tabIndex={0}
        role="application"
        aria-roledescription="zoomable preview"
        aria-label={`Preview at ${percent}%: + and − zoom, 0 fits, 1 shows 1:1, arrows pan`}
        onKeyDown={onViewKey}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={endDrag}
        onPointerCancel={endDrag}
        data-testid="preview-viewport"
      >
        <div className="compare__layer">
          <div className="compare__stage" style={stage}>
            <img
              className={imgClass}
              src={beforeSrc}
              alt="Before: the original"
              draggable={false}
              data-testid="preview-before"
            />
          </div>
        </div>
        <div className="compare__layer" style={{ clipPath: `inset(0 0 0 ${split}%)` }}>
          <div className="compare__stage" style={stage}>
            <img
              className={`${imgClass} compare__img--after`}
              src={afterSrc}
              alt={`${afterLabel}: the pipeline applied`}
              draggable={false}
              data-testid="preview-after"
            />
          </div>
        </div>
        {comparable ? (
          <span className="compare__tag compare__tag--before" aria-hidden="true">
            Before
          </span>
        ) : null}
        <span className="compare__tag compare__tag--after" aria-hidden="true">
          {afterLabel}
        </span>
        {comparable ? (
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
            onKeyDown={onSplitKey}
            data-testid="preview-split"
          >
            <span className="compare__knob" aria-hidden="true">
              ‹ ›
            </span>
          </div>
        ) : null}
      </div>
    </div>
  );
}
