import { useEffect, useRef, useState } from 'react';
import { isCancelled, messageOf } from '../api/client';
import type { PipelineStep, PixelPoolApi, RenderPreviewResult } from '../api/types';
import type { EditorStep } from '../state/pipeline';
import { toPipelineSteps } from '../state/pipeline';
import { useDebouncedValue } from './useDebouncedValue';

export interface PreviewState {
  result: RenderPreviewResult | null;
  /** The pipeline `result` was rendered with (the editor may have moved on since). */
  resultSteps: PipelineStep[] | null;
  pending: boolean;
  error: string | null;
}

/**
 * Renders the pipeline on a downscaled copy of one image, 150 ms after the last change. Every request
 * carries a sequence number and only the newest one's answer is shown; the service also drops a
 * superseded preview of the same image (it answers 'cancelled', which is not an error to the user).
 */
export function usePreview(
  api: PixelPoolApi,
  imageId: string | null,
  steps: EditorStep[],
  maxSize: number,
  enabled: boolean,
): PreviewState {
  // Debounce a string so that only a change of value (not a new object each render) restarts the timer.
  const key = useDebouncedValue(
    JSON.stringify({ imageId, steps: toPipelineSteps(steps), maxSize, enabled }),
    150,
  );
  const sequence = useRef(0);
  const [state, setState] = useState<PreviewState>({
    result: null,
    resultSteps: null,
    pending: false,
    error: null,
  });

  useEffect(() => {
    const request = JSON.parse(key) as {
      imageId: string | null;
      steps: PipelineStep[];
      maxSize: number;
      enabled: boolean;
    };
    if (!request.enabled) return;
    if (!request.imageId) {
      setState({ result: null, resultSteps: null, pending: false, error: null });
      return;
    }
    const mine = ++sequence.current;
    setState((s) => ({ ...s, pending: true }));
    api
      .renderPreview({ imageId: request.imageId, steps: request.steps, maxSize: request.maxSize })
      .then((result) => {
        if (mine === sequence.current)
          setState({ result, resultSteps: request.steps, pending: false, error: null });
      })
      .catch((err) => {
        if (mine !== sequence.current || isCancelled(err)) return;
        setState((s) => ({ ...s, pending: false, error: messageOf(err) }));
      });
  }, [api, key]);

  return state;
}
