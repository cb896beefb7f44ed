/** What deduplication compares: the text as it is, or a loose key that ignores case, width, spaces and punctuation. */
export type DedupKey = 'text' | 'loose';

const DROP = /^[\p{P}\p{S}\p{Z}\p{C}\s]$/u;
const dropCache = new Map<number, boolean>();

/** Whether a code point outside the fast ranges is dropped from a loose key; classified once, then cached. */
function dropped(cp: number): boolean {
  let d = dropCache.get(cp);
  if (d === undefined) {
    d = DROP.test(String.fromCodePoint(cp));
    if (dropCache.size < 65536) dropCache.set(cp, d);
  }
  return d;
}

/**
 * Loose comparison key: NFKC, lower case, without whitespace, punctuation, symbols and invisible characters.
 * ASCII and CJK ideographs take a fast path; other characters are classified by Unicode category (cached).
 */
export function looseKey(text: string): string {
  const t = text.normalize('NFKC').toLowerCase();
  let out = '';
  let start = 0;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    let width = 1;
    let drop: boolean;
    if (c < 128) drop = !((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90));
    else if (c >= 0x4e00 && c <= 0x9fff) drop = false;
    else {
      const cp = t.codePointAt(i)!;
      if (cp > 0xffff) width = 2;
      drop = dropped(cp);
    }
    if (drop) {
      if (i > start) out += t.slice(start, i);
      start = i + width;
    }
    i += width - 1;
  }
  return start === 0 ? t : out + t.slice(start);
}

export function dedupKey(text: string, key: DedupKey): string {
  return key === 'loose' ? looseKey(text) : text;
}
