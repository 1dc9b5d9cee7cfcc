import {
  createContext,
  type Dispatch,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
} from 'react';
import { type Bridge, getBridge, messageOf } from '../api/client';
import type { Capabilities, Catalog, FilterInfo, Settings } from '../api/types';
import { useDebouncedValue } from '../hooks/useDebouncedValue';
import { type ImagesState, useImages } from '../hooks/useImages';
import { type UndoState, useUndo } from '../hooks/useUndo';
import { createMeasurementStore, type MeasurementStore } from '../lib/measurements';
import {
  defaultParams,
  type EditorStep,
  type PipelineAction,
  pipelineReducer,
  toPipelineSteps,
} from './pipeline';

export interface AppContextValue {
  api: Bridge;
  capabilities: Capabilities;
  catalog: Catalog;
  filtersById: ReadonlyMap<string, FilterInfo>;
  settings: Settings;
  saveSettings(patch: Partial<Settings>): void;
  images: ImagesState;
  steps: EditorStep[];
  dispatch: Dispatch<PipelineAction>;
  /** What this session measured (benchmarks, previews): read it with useMeasurements(). */
  measurements: MeasurementStore;
  /** The offer to take back the last destructive action (UndoToast shows it). */
  undo: UndoState;
}

const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp() outside <AppProvider>');
  return value;
}

interface Boot {
  api: Bridge;
  capabilities: Capabilities;
  catalog: Catalog;
  settings: Settings;
}

type BootState =
  | { status: 'loading' }
  | { status: 'failed'; error: string }
  | { status: 'ready'; boot: Boot };

async function boot(): Promise<Boot> {
  const api = getBridge();
  const [capabilities, catalog, settings] = await Promise.all([
    api.getCapabilities(),
    api.getCatalog(),
    api.getSettings(),
  ]);
  return { api, capabilities, catalog, settings };
}

/** Loads what every panel needs once (capabilities, catalogue, settings) and shows a clear state meanwhile. */
export function AppProvider({
  children,
  fallback,
}: {
  children: ReactNode;
  fallback(state: BootState): ReactNode;
}) {
  const [state, setState] = useState<BootState>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    boot()
      .then((b) => live && setState({ status: 'ready', boot: b }))
      .catch((err) => live && setState({ status: 'failed', error: messageOf(err) }));
    return () => {
      live = false;
    };
  }, []);
  if (state.status !== 'ready') return <>{fallback(state)}</>;
  return <ReadyApp boot={state.boot}>{children}</ReadyApp>;
}

export type { BootState };

function ReadyApp({ boot: b, children }: { boot: Boot; children: ReactNode }) {
  const { api, capabilities, catalog } = b;
  const [settings, setSettings] = useState(b.settings);
  const filtersById = useMemo(() => new Map(catalog.filters.map((f) => [f.id, f])), [catalog]);
  const images = useImages(api);
  const [measurements] = useState(createMeasurementStore);
  const undo = useUndo();

  // The last pipeline comes back from settings; steps naming filters this build lacks are dropped.
  const [steps, dispatch] = useReducer(pipelineReducer, [], () =>
    pipelineReducer([], {
      type: 'replace',
      steps: b.settings.pipeline.flatMap((s) => {
        const filter = filtersById.get(s.id);
        if (!filter) return [];
        return [
          {
            id: s.id,
            params: { ...defaultParams(filter), ...(s.params as Record<string, number>) },
            enabled: s.enabled !== false,
          },
        ];
      }),
    }),
  );

  const saveSettings = useCallback(
    (patch: Partial<Settings>) => {
      setSettings((prev) => ({ ...prev, ...patch }));
      // Remembering settings is a convenience: a failure here must not interrupt the user's work.
      api.saveSettings(patch).catch((err) => console.warn('saveSettings failed:', messageOf(err)));
    },
    [api],
  );

  // Remember the pipeline once edits settle.
  const settledSteps = useDebouncedValue(steps, 600);
  const firstSave = useRef(true);
  useEffect(() => {
    if (firstSave.current) {
      firstSave.current = false;
      return;
    }
    saveSettings({ pipeline: toPipelineSteps(settledSteps) });
  }, [settledSteps, saveSettings]);

  const value = useMemo<AppContextValue>(
    () => ({
      api,
      capabilities,
      catalog,
      filtersById,
      settings,
      saveSettings,
      images,
      steps,
      dispatch,
      measurements,
      undo,
    }),
    [api, capabilities, catalog, filtersById, settings, saveSettings, images, steps, measurements, undo],
  );
  return <AppContext.Provider value={value}>{children}</AppContext.Provider>;
}
