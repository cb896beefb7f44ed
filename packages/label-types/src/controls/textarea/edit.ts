import type { ResultItem } from '../../result-item.js';
import { stringList } from '../options.js';
import type { TextareaControl } from './schema.js';
import { withOneItem } from '../one-item.js';

/** The texts in a textarea control's items (the first item's; a whole-object textarea has one). */
export function textsOf(items: readonly ResultItem[]): string[] {
  return stringList(items[0]?.value.text) ?? [];
}

/** Whether one more text box may be opened: below `maxSubmissions` (no limit without it) and the last box used. */
export function canAddText(control: TextareaControl, texts: readonly string[]): boolean {
  if (texts.length === 0 || texts[texts.length - 1]?.trim() === '') return false;
  return control.maxSubmissions === undefined || texts.length < control.maxSubmissions;
}

/**
 * The control's items holding `texts`, as Label Studio writes them (`{text: [...]}`); no texts is no item. Text is
 * kept exactly as typed (blank boxes too, while they are being edited; see {@link withoutBlankTexts}).
 */
export function withTexts(control: TextareaControl, items: readonly ResultItem[], texts: readonly string[], newId: () => string): ResultItem[] {
  if (texts.length === 0) return [];
  return withOneItem(control, 'textarea', items, { text: [...texts] }, newId);
}

/** The items after box `index` was edited to `value` (`index` = the number of texts opens a new one). */
export function editText(control: TextareaControl, items: readonly ResultItem[], index: number, value: string, newId: () => string): ResultItem[] {
  const texts = textsOf(items);
  const next = [...texts];
  next[Math.min(index, texts.length)] = value;
  return withTexts(control, items, next, newId);
}

/** The items without box `index`. */
export function removeText(control: TextareaControl, items: readonly ResultItem[], index: number, newId: () => string): ResultItem[] {
  return withTexts(control, items, textsOf(items).filter((_, i) => i !== index), newId);
}

/**
 * The items with blank boxes dropped, done when the worker leaves the boxes: Label Studio stores no empty texts,
 * and a blank box kept in the answer would be submitted as one.
 */
export function withoutBlankTexts(control: TextareaControl, items: readonly ResultItem[], newId: () => string): ResultItem[] {
  const texts = textsOf(items);
  const kept = texts.filter((t) => t.trim() !== '');
  return kept.length === texts.length ? [...items] : withTexts(control, items, kept, newId);
}
