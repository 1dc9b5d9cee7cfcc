import { useCallback, useEffect, useId, useState } from 'react';
import type { PresetEntry } from '../../../../shared/contract';
import { presetNameProblem } from '../../../../shared/presets';
import { messageOf } from '../../api/client';
import type { ParamValue } from '../../api/types';
import { useAnnounce } from '../../hooks/useAnnouncer';
import { useApp } from '../../state/AppContext';
import { type EditorStep, toPipelineSteps } from '../../state/pipeline';

function editorSteps(steps: PresetEntry['steps']): Omit<EditorStep, 'uid'>[] {
  return steps.map((s) => {
    const params: Record<string, ParamValue> = {};
    for (const [key, value] of Object.entries(s.params ?? {})) if (value !== undefined) params[key] = value;
    return { id: s.id, params, enabled: s.enabled !== false };
  });
}

/**
 * Presets saved under a name, as files in the folder the CLI reads (`pixelpool batch --preset <name>`).
 * Applying one replaces the pipeline and deleting one removes its file: both can be undone.
 */
export function NamedPresets() {
  const { api, steps, dispatch, undo } = useApp();
  const announce = useAnnounce();
  const nameId = useId();
  const [presets, setPresets] = useState<PresetEntry[] | null>(null);
  const [dir, setDir] = useState('');
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const listed = await api.listPresets();
      setPresets(listed.presets);
      setDir(listed.dir);
      if (listed.problems.length) {
        setError(`Not read: ${listed.problems.map((p) => p.error).join('; ')}`);
      }
    } catch {
      // A host without named presets: the section is not shown.
      setPresets(null);
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (presets === null) return null;

  const problem = name === '' ? undefined : presetNameProblem(name);
  const replaces = presets.some((p) => p.name === name);

  const save = async () => {
    setError(null);
    try {
      const saved = await api.savePreset({ name, steps: toPipelineSteps(steps) });
      setNaming(false);
      setName('');
      announce(`Preset ${saved.name} saved`);
      await refresh();
    } catch (err) {
      setError(messageOf(err));
    }
  };

  const apply = (preset: PresetEntry) => {
    const before = steps.map(({ uid: _uid, ...step }) => step);
    dispatch({ type: 'replace', steps: editorSteps(preset.steps) });
    undo.offerUndo({
      label: `Applied ${preset.name} (${preset.steps.length} step${preset.steps.length === 1 ? '' : 's'})`,
      restore: () => dispatch({ type: 'replace', steps: before }),
    });
  };

  const remove = async (preset: PresetEntry) => {
    setError(null);
    try {
      await api.deletePreset({ name: preset.name });
      await refresh();
      undo.offerUndo({
        label: `Deleted the preset ${preset.name}`,
        restore: () => {
          void api.savePreset({ name: preset.name, steps: preset.steps }).then(refresh, (err: unknown) => {
            setError(messageOf(err));
          });
        },
      });
    } catch (err) {
      setError(messageOf(err));
    }
  };

  return (
    <div className="named-presets" data-testid="named-presets">
      <div className="named-presets__list" title={dir ? `Saved in ${dir}` : undefined}>
        <span className="named-presets__label">Presets</span>
        {presets.length === 0 ? <span className="muted named-presets__empty">none saved yet</span> : null}
        {presets.map((preset) => (
          <span key={preset.name} className="named-presets__chip" data-testid="named-preset">
            <button
              type="button"
              className="named-presets__apply"
              onClick={() => apply(preset)}
              title={`Use ${preset.name}: ${preset.steps.map((s) => s.id).join(', ')}`}
            >
              {preset.name}
            </button>
            <button
              type="button"
              className="named-presets__delete"
              onClick={() => void remove(preset)}
              aria-label={`Delete the preset ${preset.name}`}
              data-testid="named-preset-delete"
            >
              ×
            </button>
          </span>
        ))}
        {naming ? null : (
          <button
            type="button"
            className="btn btn-ghost named-presets__new"
            onClick={() => setNaming(true)}
            disabled={steps.length === 0}
            data-testid="named-preset-new"
          >
            Save as…
          </button>
        )}
      </div>
      {naming ? (
        <form
          className="named-presets__form"
          onSubmit={(e) => {
            e.preventDefault();
            if (name !== '' && !problem) void save();
          }}
        >
          <label htmlFor={nameId} className="visually-hidden">
            Preset name
          </label>
          <input
            id={nameId}
            type="text"
            value={name}
            placeholder="Preset name, e.g. Web 800 px"
            maxLength={80}
            onChange={(e) => setName(e.currentTarget.value)}
            aria-invalid={problem ? true : undefined}
            data-testid="named-preset-name"
            // biome-ignore lint/a11y/noAutofocus: the field was just opened by the user's click
            autoFocus
          />
          <button
            type="submit"
            className="btn"
            disabled={name === '' || problem !== undefined}
            data-testid="named-preset-save"
          >
            {replaces ? 'Replace' : 'Save'}
          </button>
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              setNaming(false);
              setName('');
            }}
          >
            Cancel
          </button>
        </form>
      ) : null}
      {problem ? (
        <p className="error-text" data-testid="named-preset-error">
          {problem}
        </p>
      ) : error ? (
        <p className="error-text" role="alert" data-testid="named-preset-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}
