import { useSyncExternalStore } from 'react';
import type { Measurements } from '../lib/measurements';
import { useApp } from '../state/AppContext';

/** This session's measurements; re-renders when one is added. */
export function useMeasurements(): Measurements {
  const { measurements } = useApp();
  return useSyncExternalStore(measurements.subscribe, measurements.get);
}
