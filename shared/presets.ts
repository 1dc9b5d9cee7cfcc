/**
 * Named presets: a pipeline saved under a name, as a file `<name>.json` in the presets folder, which
 * the app lists and `pixelpool batch --preset <name>` reads (engine/presets/). The name rule lives
 * here so the app's Save field refuses what the store would. Pure: the renderer bundles it.
 */
import { optionMessage } from './errors';

export const MAX_PRESET_NAME_LENGTH = 60;
/** Names Windows keeps for devices, whatever the extension (a file "nul.json" cannot be made there). */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;

/** What is wrong with a preset name, in the one voice of bad options; undefined when it is fine. */
export function presetNameProblem(name: string): string | undefined {
  const bad = (expected: string, hint?: string) => optionMessage('the preset name', expected, name, hint);
  if (name.trim() === '') return bad('a few words', 'for example "Web 800 px"');
  if (name !== name.trim()) return bad('a name without spaces at either end');
  if (name.length > MAX_PRESET_NAME_LENGTH) return bad(`at most ${MAX_PRESET_NAME_LENGTH} characters long`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[/\\:*?"<>|\u0000-\u001f]/.test(name)) {
    return bad('a name without / \\ : * ? " < > | or control characters', 'it is also the file name');
  }
  if (name.startsWith('.')) return bad('a name that does not start with "."', 'such files are hidden');
  if (RESERVED.test(name)) return bad('a name Windows allows for a file', `"${name}" is a device name there`);
  return undefined;
}
