import { useEffect, useState } from 'react';
import { BatchPanel } from './components/batch/BatchPanel';
import { BenchmarkPanel } from './components/benchmark/BenchmarkPanel';
import { ImagesPanel } from './components/images/ImagesPanel';
import { LabPanel } from './components/lab/LabPanel';
import { EditPanel } from './components/pipeline/EditPanel';
import { ConnectionBanner } from './components/shell/ConnectionBanner';
import { Header } from './components/shell/Header';
import { type TabSpec, Tabs } from './components/shell/Tabs';
import { UndoToast } from './components/shell/UndoToast';
import { AnnouncerProvider } from './hooks/useAnnouncer';
import { AppProvider, type BootState, useApp } from './state/AppContext';
import './App.css';

type PanelId = 'images' | 'edit' | 'benchmark' | 'lab' | 'batch';

function Shell() {
  const { capabilities, images, steps } = useApp();
  const [panel, setPanel] = useState<PanelId>('images');
  const enabledSteps = steps.filter((s) => s.enabled).length;

  const tabs: TabSpec<PanelId>[] = [
    { id: 'images', label: 'Images', hint: 'Photos and folders', badge: String(images.images.length) },
    { id: 'edit', label: 'Pipeline', hint: 'Filters, live preview', badge: String(enabledSteps) },
    { id: 'benchmark', label: 'Benchmark', hint: 'Speedup per core' },
    { id: 'lab', label: 'Lab', hint: 'Multiprocessing ideas' },
    { id: 'batch', label: 'Batch', hint: 'Export the edits' },
  ];

  // Alt+1..5 jump to a panel from anywhere (the same order as the tab list).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const index = Number(e.key) - 1;
      const ids: PanelId[] = ['images', 'edit', 'benchmark', 'lab', 'batch'];
      if (index >= 0 && index < ids.length) {
        e.preventDefault();
        setPanel(ids[index]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const panelProps = (id: PanelId) => ({
    id: `panel-${id}`,
    role: 'tabpanel',
    'aria-labelledby': `tab-${id}`,
    hidden: panel !== id,
    className: 'app-panel',
    'data-testid': `panel-${id}`,
  });

  return (
    <div className="app">
      <Header capabilities={capabilities} />
      <Tabs<PanelId> tabs={tabs} current={panel} onSelect={setPanel} />
      <main className="app-main">
        <ConnectionBanner />
        <section {...panelProps('images')}>
          <ImagesPanel onOpenEditor={() => setPanel('edit')} />
        </section>
        <section {...panelProps('edit')}>
          <EditPanel active={panel === 'edit'} onShowImages={() => setPanel('images')} />
        </section>
        <section {...panelProps('benchmark')}>
          <BenchmarkPanel />
        </section>
        <section {...panelProps('lab')}>
          <LabPanel />
        </section>
        <section {...panelProps('batch')}>
          <BatchPanel />
        </section>
      </main>
      <UndoToast />
    </div>
  );
}

function BootScreen({ state }: { state: BootState }) {
  return (
    <div className="app">
      <Header />
      <main className="app-main app-main--boot">
        {state.status === 'failed' ? (
          <div className="card boot-card" role="alert">
            <h2>PixelPool could not start</h2>
            <p className="error-text">{state.error}</p>
            <p className="muted">
              In a browser, open the address the web host printed (it carries the access token). Reload to
              retry.
            </p>
            <button type="button" className="btn btn-primary" onClick={() => window.location.reload()}>
              Reload
            </button>
          </div>
        ) : (
          <p className="muted" role="status">
            Connecting to the engine…
          </p>
        )}
      </main>
    </div>
  );
}

export function App() {
  return (
    <AnnouncerProvider>
      <AppProvider fallback={(state) => <BootScreen state={state} />}>
        <Shell />
      </AppProvider>
    </AnnouncerProvider>
  );
}
