/**
 * The images the user checked on the Images panel, for a batch to process. Not the image being
 * previewed (ImagesState.previewId): one photo is looked at, any number are checked.
 */
export interface Selection {
  ids: ReadonlySet<string>;
  /** The image last checked or unchecked by itself: where a shift-click range starts. */
  anchor: string | null;
}

export const NO_SELECTION: Selection = { ids: new Set(), anchor: null };

export type SelectionAction =
  /** A click: one image checked or unchecked, and the range's new anchor. */
  | { type: 'set'; id: string; checked: boolean }
  /**
   * A shift-click: every image from the anchor to `id`, in list order, takes the state the clicked one
   * is given (as file managers and mail clients do). With no anchor in the list, a plain click.
   */
  | { type: 'range'; id: string; checked: boolean; order: readonly string[] }
  | { type: 'all'; order: readonly string[] }
  | { type: 'none' }
  /** Checks these too (images an undo brings back checked). */
  | { type: 'add'; ids: readonly string[] }
  /** The list changed: forget images no longer in it. */
  | { type: 'retain'; order: readonly string[] };

export function selectionReducer(selection: Selection, action: SelectionAction): Selection {
  switch (action.type) {
    case 'set':
      return { ids: withIds(selection.ids, [action.id], action.checked), anchor: action.id };
    case 'range': {
      const from = selection.anchor === null ? -1 : action.order.indexOf(selection.anchor);
      const to = action.order.indexOf(action.id);
      if (from < 0 || to < 0) return selectionReducer(selection, { ...action, type: 'set' });
      const span = action.order.slice(Math.min(from, to), Math.max(from, to) + 1);
      // The anchor stays: a second shift-click redraws the range from the same start.
      return { ids: withIds(selection.ids, span, action.checked), anchor: selection.anchor };
    }
    case 'all':
      return { ids: new Set(action.order), anchor: selection.anchor };
    case 'none':
      return selection.ids.size === 0 ? selection : { ids: new Set(), anchor: selection.anchor };
    case 'add':
      return action.ids.length === 0
        ? selection
        : { ...selection, ids: withIds(selection.ids, action.ids, true) };
    case 'retain': {
      const listed = new Set(action.order);
      const gone = [...selection.ids].filter((id) => !listed.has(id));
      const anchorGone = selection.anchor !== null && !listed.has(selection.anchor);
      if (gone.length === 0 && !anchorGone) return selection;
      return { ids: withIds(selection.ids, gone, false), anchor: anchorGone ? null : selection.anchor };
    }
  }
}

function withIds(
  ids: ReadonlySet<string>,
  changed: readonly string[],
  checked: boolean,
): ReadonlySet<string> {
  const next = new Set(ids);
  for (const id of changed) {
    if (checked) next.add(id);
    else next.delete(id);
  }
  return next;
}

/**
 * The images a batch processes, in list order: the checked ones, or all when none is checked (or when
 * the user asks for all).
 */
export function imagesToProcess<T extends { id: string }>(
  images: readonly T[],
  checked: ReadonlySet<string>,
  opts: { all: boolean } = { all: false },
): T[] {
  if (opts.all || checked.size === 0) return [...images];
  const chosen = images.filter((image) => checked.has(image.id));
  return chosen.length > 0 ? chosen : [...images];
}
