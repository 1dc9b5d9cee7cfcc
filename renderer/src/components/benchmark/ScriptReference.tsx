import type { ScriptModel } from '../../lib/report-adapter';
import './ScriptReference.css';

/**
 * Under the whole job's table: what its reference rows are (a short sharp script doing the same job),
 * the engine's verdict on PixelPool against it, and the script itself for whoever wants to run it; or,
 * for a pipeline sharp has no equivalent of, why there is no such row.
 */
export function ScriptReference({ script }: { script: ScriptModel }) {
  if (script.kind === 'missing') {
    return (
      <p className="muted script-ref__missing" data-testid="benchmark-script-missing">
        {script.reason}
      </p>
    );
  }
  const { reference } = script;
  return (
    <div className="script-ref" data-testid="benchmark-script">
      <p className="script-ref__verdict">{reference.summary}</p>
      <p className="script-ref__what muted">
        The “sharp script” rows are the reference: a {reference.lines}-line Node script that does the same job
        with sharp alone, each file through <code>{reference.call}</code>, as many files at once as each pool
        has workers and sharp at its normal concurrency. It is timed in the same rounds, beside the same
        one-thread runs, from the same bytes in memory, and writes nothing. Every PixelPool run is held
        against the script at its fastest, since PixelPool decodes and encodes on every core whatever its
        workers.
      </p>
      <details className="script-ref__details">
        <summary>The script</summary>
        <pre className="script-ref__code">{reference.script}</pre>
      </details>
    </div>
  );
}
