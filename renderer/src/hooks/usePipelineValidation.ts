import { useEffect, useState } from 'react';
import { messageOf } from '../api/client';
import type { PixelPoolApi } from '../api/types';
import type { EditorStep } from '../state/pipeline';
import { toPipelineSteps } from '../state/pipeline';
import { useDebouncedValue } from './useDebouncedValue';

export interface PipelineCheck {
  /** The message naming the filter, parameter and range at fault; null when the pipeline is valid. */
  error: string | null;
  /** uid of the step at fault, when the service could tell. */
  stepUid: string | null;
  radius: number | null;
}

/** Asks the service (the engine's own registry) whether the pipeline is valid, once edits settle. */
export function usePipelineValidation(api: PixelPoolApi, steps: EditorStep[]): PipelineCheck {
  const settled = useDebouncedValue(steps, 150);
  const [check, setCheck] = useState<PipelineCheck>({ error: null, stepUid: null, radius: 0 });
  useEffect(() => {
    let live = true;
    api
      .validatePipeline({ steps: toPipelineSteps(settled) })
      .then((result) => {
        if (!live) return;
        if (result.ok) setCheck({ error: null, stepUid: null, radius: result.radius });
        else
          setCheck({
            error: result.error,
            stepUid: result.stepIndex === null ? null : (settled[result.stepIndex]?.uid ?? null),
            radius: null,
          });
      })
      .catch((err) => live && setCheck({ error: messageOf(err), stepUid: null, radius: null }));
    return () => {
      live = false;
    };
  }, [api, settled]);
  return check;
}
