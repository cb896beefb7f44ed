import type { ResultItem } from '../../result-item.js';
import { stringList } from '../options.js';
import type { ChoicesControl } from './schema.js';
import { withOneItem } from '../one-item.js';

/** The choices picked in a control's items (the first item's; a whole-object control has one). */
export function pickedChoices(items: readonly ResultItem[]): string[] {
  return stringList(items[0]?.value.choices) ?? [];
}

/**
 * The control's items after one pick: a single-choice control replaces its answer, a multiple-choice one toggles the
 * choice. The choices keep the config's order whatever order they were picked in; nothing picked is no item.
 */
export function pickChoice(control: ChoicesControl, items: readonly ResultItem[], value: string, newId: () => string): ResultItem[] {
  const current = pickedChoices(items);
  const next = control.multiple ? (current.includes(value) ? current.filter((v) => v !== value) : [...current, value]) : [value];
  if (next.length === 0) return [];
  const ordered = control.choices.map((c) => c.value).filter((v) => next.includes(v));
  return withOneItem(control, 'choices', items, { choices: ordered }, newId);
}
