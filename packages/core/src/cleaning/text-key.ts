/** What deduplication compares: the text as it is, or a loose key that ignores case, width, spaces and punctuation. */
export type DedupKey = 'text' | 'loose';

const LOOSE_DROP = /[\p{P}\p{S}\p{Z}\p{C}\s]+/gu;

/** Loose comparison key: NFKC, lower case, without whitespace, punctuation, symbols and invisible characters. */
export function looseKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(LOOSE_DROP, '');
}

export function dedupKey(text: string, key: DedupKey): string {
  return key === 'loose' ? looseKey(text) : text;
}
