import type { BatchFileState, BatchFileStatus } from '../../api/types';
import { baseName, formatBytes, formatMs } from '../../lib/format';
import './BatchFileList.css';

const STATE_LABEL: Record<BatchFileState, string> = {
  queued: 'Queued',
  running: 'Working',
  done: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/**
 * Every file of the batch with its state; failures carry their reason in full. `downloads`: where each
 * written file downloads from, by file index, on a host that serves them (null: none, and no column).
 */
export function BatchFileList({
  files,
  downloads = null,
}: {
  files: BatchFileStatus[];
  downloads?: ReadonlyMap<number, string> | null;
}) {
  if (files.length === 0) return null;
  return (
    <ul
      className={`batch-files${downloads ? ' batch-files--downloads' : ''}`}
      aria-label="Files in this batch"
      data-testid="batch-files"
    >
      {files.map((f) => (
        <li
          key={f.index}
          className={`batch-file batch-file--${f.state}`}
          data-testid="batch-file"
          data-state={f.state}
          data-name={f.name}
        >
          <span className={`batch-file__badge batch-file__badge--${f.state}`}>{STATE_LABEL[f.state]}</span>
          <span className="batch-file__names">
            <span className="batch-file__name" title={f.input}>
              {f.name}
            </span>
            {f.output ? (
              <span className="batch-file__out muted" title={f.output}>
                {f.state === 'skipped' ? 'exists: ' : '→ '}
                {baseName(f.output)}
              </span>
            ) : null}
          </span>
          <span className="batch-file__meta muted num">
            {f.ms !== null ? formatMs(f.ms) : ''}
            {f.bytes !== null ? ` · ${formatBytes(f.bytes)}` : ''}
          </span>
          {downloads ? <DownloadLink url={downloads.get(f.index)} output={f.output} /> : null}
          {f.error ? (
            <span className="batch-file__error error-text" data-testid="batch-file-error">
              {f.error}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** A written file's download link; an empty cell for the others, so the columns stay in line. */
function DownloadLink({ url, output }: { url: string | undefined; output: string | null }) {
  if (url === undefined || output === null) return <span />;
  const name = baseName(output);
  return (
    <a
      className="batch-file__download"
      href={url}
      download={name}
      aria-label={`Download ${name}`}
      data-testid="batch-file-download"
    >
      Download
    </a>
  );
}
