import { useRef, useState } from 'react';
import { messageOf } from '../../api/client';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { downloadText } from '../../lib/download';
import { useApp } from '../../state/AppContext';
import { toPipelineSteps } from '../../state/pipeline';
import { NamedPresets } from './NamedPresets';
import './PresetBar.css';

/**
 * Presets are the JSON the CLI reads (`pixelpool batch … --filters @preset.json`). The service formats
 * and parses them, so the app and the CLI can never disagree on the format.
 */
export function PresetBar() {
  const { api, steps, dispatch, filtersById, undo } = useApp();
  const announce = useAnnounce();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const save = async () => {
    setError(null);
    try {
      const { json, fileName } = await api.formatPreset({ steps: toPipelineSteps(steps) });
      downloadText(fileName, json, 'application/json');
      setNote(`Saved ${fileName}.`);
      announce(`Preset saved as ${fileName}`);
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const load = async (file: File) => {
    setError(null);
    setNote(null);
    try {
      const parsed = await api.parsePreset({ json: await file.text() });
      const checked = await api.validatePipeline({ steps: parsed.steps });
      if (!checked.ok) {
        const where = checked.stepIndex === null ? '' : ` (filter ${checked.stepIndex + 1})`;
        throw new Error(`${file.name}${where}: ${checked.error}`);
      }
      dispatch({
        type: 'replace',
        steps: checked.steps.map((s) => ({
          id: s.id,
          params: { ...s.params } as Record<string, number>,
          enabled: s.enabled,
        })),
      });
      const message = `Loaded ${file.name}: ${checked.steps.length} filter${checked.steps.length === 1 ? '' : 's'}.`;
      setNote(message);
      announce(message);
    } catch (err) {
      const message = messageOf(err);
      setError(message.includes(file.name) ? message : `${file.name}: ${message}`);
      announce(`Preset not loaded: ${message}`);
    }
  };

  return (
    <div className="preset-bar">
      <NamedPresets />
      <div className="btn-row">
        <button
          type="button"
          className="btn"
          onClick={() => input.current?.click()}
          data-testid="preset-load"
        >
          Open file…
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => void save()}
          disabled={steps.length === 0}
          data-testid="preset-save"
        >
          Save as file
        </button>
        <button
          type="button"
          className="btn btn-ghost btn-danger"
          onClick={() => {
            const before = steps.map(({ uid: _uid, ...step }) => step);
            dispatch({ type: 'clear' });
            undo.offerUndo({
              label: `Cleared the pipeline (${before.length} step${before.length === 1 ? '' : 's'})`,
              restore: () => dispatch({ type: 'replace', steps: before }),
            });
          }}
          disabled={steps.length === 0}
          data-testid="pipeline-clear"
        >
          Clear
        </button>
      </div>
      <input
        ref={input}
        type="file"
        accept="application/json,.json"
        hidden
        aria-label="Preset file"
        data-testid="preset-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = '';
          if (file) void load(file);
        }}
      />
      {error ? (
        <p className="error-text" role="alert" data-testid="preset-error">
          {error}
        </p>
      ) : note ? (
        <p className="preset-bar__note muted">{note}</p>
      ) : null}
      {filtersById.size === 0 ? <p className="error-text">The engine reported no filters.</p> : null}
    </div>
  );
}
