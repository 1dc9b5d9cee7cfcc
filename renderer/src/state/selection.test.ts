import { describe, expect, it } from 'vitest';
import {
  imagesToProcess,
  NO_SELECTION,
  type Selection,
  type SelectionAction,
  selectionReducer,
} from './selection';

const order = ['a', 'b', 'c', 'd', 'e'];

function apply(...actions: SelectionAction[]): Selection {
  return actions.reduce(selectionReducer, NO_SELECTION);
}

const ids = (s: Selection) => [...s.ids].sort();

describe('selectionReducer', () => {
  it('checks and unchecks one image, which becomes the anchor', () => {
    const s = apply({ type: 'set', id: 'b', checked: true }, { type: 'set', id: 'd', checked: true });
    expect(ids(s)).toEqual(['b', 'd']);
    expect(s.anchor).toBe('d');
    const off = selectionReducer(s, { type: 'set', id: 'b', checked: false });
    expect(ids(off)).toEqual(['d']);
    expect(off.anchor).toBe('b');
  });

  it('shift-click checks the range from the anchor, either way, and keeps the anchor', () => {
    const down = apply(
      { type: 'set', id: 'b', checked: true },
      { type: 'range', id: 'd', checked: true, order },
    );
    expect(ids(down)).toEqual(['b', 'c', 'd']);
    expect(down.anchor).toBe('b');
    const up = apply(
      { type: 'set', id: 'd', checked: true },
      { type: 'range', id: 'a', checked: true, order },
    );
    expect(ids(up)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('shift-click on a checked image unchecks the range, leaving the rest', () => {
    const s = apply(
      { type: 'all', order },
      { type: 'set', id: 'b', checked: false },
      { type: 'range', id: 'd', checked: false, order },
    );
    expect(ids(s)).toEqual(['a', 'e']);
  });

  it('shift-click without an anchor in the list is a plain click', () => {
    expect(apply({ type: 'range', id: 'c', checked: true, order })).toEqual({
      ids: new Set(['c']),
      anchor: 'c',
    });
    const stale = apply(
      { type: 'set', id: 'x', checked: true },
      { type: 'range', id: 'c', checked: true, order },
    );
    expect(ids(stale)).toEqual(['c', 'x']);
  });

  it('selects all and none', () => {
    const all = apply({ type: 'set', id: 'c', checked: true }, { type: 'all', order });
    expect(ids(all)).toEqual(order);
    const none = selectionReducer(all, { type: 'none' });
    expect(none.ids.size).toBe(0);
    expect(selectionReducer(none, { type: 'none' })).toBe(none);
  });

  it('adds images back checked', () => {
    const s = apply({ type: 'set', id: 'a', checked: true }, { type: 'add', ids: ['d', 'e'] });
    expect(ids(s)).toEqual(['a', 'd', 'e']);
    expect(selectionReducer(s, { type: 'add', ids: [] })).toBe(s);
  });

  it('forgets removed images and their anchor, and changes nothing when all are still listed', () => {
    const s = apply({ type: 'set', id: 'b', checked: true }, { type: 'set', id: 'c', checked: true });
    expect(selectionReducer(s, { type: 'retain', order })).toBe(s);
    const after = selectionReducer(s, { type: 'retain', order: ['a', 'b', 'd'] });
    expect(after).toEqual({ ids: new Set(['b']), anchor: null });
  });
});

describe('imagesToProcess', () => {
  const images = order.map((id) => ({ id }));

  it('is every image when none is checked', () => {
    expect(imagesToProcess(images, new Set()).map((i) => i.id)).toEqual(order);
  });

  it('is the checked images in list order, whatever order they were checked in', () => {
    expect(imagesToProcess(images, new Set(['d', 'a'])).map((i) => i.id)).toEqual(['a', 'd']);
  });

  it('is every image when asked for all, or when no checked image is listed any more', () => {
    expect(imagesToProcess(images, new Set(['d']), { all: true })).toHaveLength(5);
    expect(imagesToProcess(images, new Set(['gone']))).toHaveLength(5);
  });
});
