import type { ResultItem } from '../../result-item.js';
import { numberIn, withOneItem } from '../one-item.js';
import type { RatingControl } from './schema.js';

/** A key binding in the shape of the view kit's `KeyBinding` (plain .ts files of label-types stay free of the React-side kit). */
interface ViewKey {
  target: string;
  key: string;
  scope: 'always' | 'active';
  shown: boolean;
}

/** The key targets besides the star numbers: clearing, and Label Studio's `hotkey` that adds one star. */
export const CLEAR_RATING = 'clear';
export const RAISE_RATING = 'raise';

/** The rating in a control's items, or null when there is none (Label Studio writes no item for 0 stars). */
export function ratingOf(items: readonly ResultItem[]): number | null {
  return numberIn(items, 'rating', Number.isInteger);
}

/** The control's items with `rating` stars (`null`: cleared, no item). */
export function withRating(control: RatingControl, items: readonly ResultItem[], rating: number | null, newId: () => string): ResultItem[] {
  return rating === null ? [] : withOneItem(control, 'rating', items, { rating }, newId);
}

/**
 * The items after a key: a star number sets that rating (a number above `maxRating` changes nothing), `clear`
 * removes it, `raise` adds a star and goes back to none after the last, as Label Studio's hotkey does.
 */
export function rate(control: RatingControl, items: readonly ResultItem[], target: string, newId: () => string): ResultItem[] {
  if (target === CLEAR_RATING) return withRating(control, items, null, newId);
  if (target === RAISE_RATING) {
    const now = ratingOf(items) ?? 0;
    return withRating(control, items, now >= control.maxRating ? null : now + 1, newId);
  }
  const stars = Number(target);
  if (!Number.isInteger(stars) || stars < 1 || stars > control.maxRating) return [...items];
  return withRating(control, items, stars, newId);
}

/** 1-9 pick the stars and 0 clears while the control is active; its `hotkey` adds a star from anywhere. */
export function ratingKeys(control: RatingControl): ViewKey[] {
  const keys: ViewKey[] = [];
  if (control.hotkey !== undefined) keys.push({ target: RAISE_RATING, key: control.hotkey, scope: 'always', shown: true });
  for (let stars = 1; stars <= Math.min(9, control.maxRating); stars++) keys.push({ target: String(stars), key: String(stars), scope: 'active', shown: true });
  keys.push({ target: CLEAR_RATING, key: '0', scope: 'active', shown: true });
  return keys;
}
