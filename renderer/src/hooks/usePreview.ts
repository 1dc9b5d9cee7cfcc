import { useEffect, useRef, useState } from 'react';
import { isCancelled, messageOf } from '../api/client';
import type { PipelineStep, PixelPoolApi, PreviewOutput, RenderPreviewResult, Settings } from '../api/types';
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
 * The output settings a preview encodes with, from the batch's: the service resolves 'same' per image
 * and writes the metadata the batch would, so the byte size is the batch's.
 */
export function previewOutput(
  batch: Pick<Settings['batch'], 'format' | 'quality' | 'metadata' | 'stripGps'>,
): PreviewOutput {
  return { format: batch.format, quality: batch.quality, metadata: batch.metadata, stripGps: batch.stripGps };
}

/**
 * Renders the pipeline on one image at full size, encoded with `output`, 150 ms after the last change. Every request
 * carries a sequence number and only the newest one's answer is shown; the service also drops a
 * superseded preview of the same image (it answers 'cancelled', which is not an error to the user).
 */
export function usePreview(
  api: PixelPoolApi,
  imageId: string | null,
  steps: EditorStep[],
  output: PreviewOutput,
  enabled: boolean,
): PreviewState {
  // Debounce a string so that only a change of value (not a new object each render) restarts the timer.
  const key = useDebouncedValue(
    JSON.stringify({ imageId, steps: toPipelineSteps(steps), output, enabled }),
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
      output: PreviewOutput;
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
      .renderPreview({ imageId: request.imageId, steps: request.steps, output: request.output })
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
