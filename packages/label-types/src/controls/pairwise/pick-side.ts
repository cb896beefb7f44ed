import type { ResultItem } from '../../result-item.js';
import type { PairwiseControl } from './schema.js';

/** A key binding in the shape of the view kit's `KeyBinding` (plain .ts files of label-types stay free of the React-side kit). */
interface ViewKey {
  target: string;
  key: string;
  scope: 'always' | 'active';
  shown: boolean;
}

export type Side = 'left' | 'right';

/** The side picked in a control's items, or null. */
export function pickedSide(items: readonly ResultItem[]): Side | null {
  const selected = items[0]?.value.selected;
  return selected === 'left' || selected === 'right' ? selected : null;
}

/**
 * The items after a side was pressed: that side is picked; pressing the picked side again takes the pick back (no
 * item, as Label Studio removes the item rather than write `none`). `to_name` is the control's own name, as Label
 * Studio's editor writes it.
 */
export function pickSide(control: PairwiseControl, items: readonly ResultItem[], target: string, newId: () => string): ResultItem[] {
  if (target !== 'left' && target !== 'right') return [...items];
  if (pickedSide(items) === target) return [];
  const first = items[0];
  return [
    {
      ...(first ?? {}),
      id: first?.id ?? newId(),
      from_name: control.name,
      to_name: control.name,
      type: 'pairwise',
      value: { ...(first?.value ?? {}), selected: target },
    },
  ];
}

/**
 * 1 picks the left side and 2 the right while the control is active: digits, because the workspace keeps the
 * up/down arrows for moving between controls and Enter for submitting, and left/right arrows never reach a view.
 */
export function pairwiseKeys(_control: PairwiseControl): ViewKey[] {
  return [
    { target: 'left', key: '1', scope: 'active', shown: true },
    { target: 'right', key: '2', scope: 'active', shown: true },
  ];
}
