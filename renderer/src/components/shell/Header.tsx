import type { Capabilities } from '../../api/types';
import './Header.css';

export function Header({ capabilities }: { capabilities?: Capabilities }) {
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__logo" aria-hidden="true">
          <span />
          <span />
          <span />
          <span />
        </span>
        <div>
          <h1 className="app-header__name">PixelPool</h1>
          <p className="app-header__tagline">Batch photo editor · multicore performance lab</p>
        </div>
      </div>
      {capabilities ? (
        <p
          className="app-header__badge"
          data-testid="machine-badge"
          title={`${capabilities.platform} · PixelPool ${capabilities.version} · up to ${capabilities.maxWorkers} workers`}
        >
          <span className="app-header__cores num">{capabilities.cores}</span>
          <span>
            {capabilities.cores === 1 ? 'core' : 'cores'}
            <span className="app-header__sep" aria-hidden="true">
              ·
            </span>
            {capabilities.host === 'electron' ? 'Desktop' : 'Browser'}
          </span>
        </p>
      ) : null}
    </header>
  );
}
