/**
 * A token of a text: `[start, end)` in Unicode code points, as Label Studio's span offsets count (its 1.4.0 editor
 * gives 腾讯 in `张三在😀腾讯工作` the offsets 4-6; packages/label-types/src/controls/labels/span.ts).
 */
export interface TextToken {
  start: number;
  end: number;
}

/**
 * Scripts written without spaces between words. Each of their characters is one token: a Chinese sentence has no
 * word boundaries a tokenizer could find without a dictionary, and character tokens are what Chinese NER corpora
 * (MSRA, People's Daily, Weibo NER) use.
 */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;
const SPACE = /\s/u;

/**
 * Splits a text into tokens: a run of characters between white space is one token (Latin, Cyrillic, numbers...),
 * except that every character of an unspaced script (Chinese, Japanese kana, Korean, CJK punctuation and full-width
 * forms) is a token of its own. Offsets count code points, so a character outside the BMP (an emoji) is one.
 *
 * The same tokens are used by span agreement (token IoU) and by the CoNLL export, so the two never disagree on where
 * a word ends.
 */
export function tokenizeText(text: string): TextToken[] {
  const tokens: TextToken[] = [];
  let runStart = -1;
  let i = 0; // in code points
  for (const ch of text) {
    if (SPACE.test(ch)) {
      if (runStart >= 0) tokens.push({ start: runStart, end: i });
      runStart = -1;
    } else if (UNSPACED.test(ch)) {
      if (runStart >= 0) tokens.push({ start: runStart, end: i });
      runStart = -1;
      tokens.push({ start: i, end: i + 1 });
    } else if (runStart < 0) {
      runStart = i;
    }
    i += 1;
  }
  if (runStart >= 0) tokens.push({ start: runStart, end: i });
  return tokens;
}

/**
 * The index range `[first, last]` of the tokens a character span `[start, end)` touches, or undefined when it
 * touches none (a span of white space only). A token counts when the span covers any of its characters.
 */
export function tokenRange(tokens: readonly TextToken[], start: number, end: number): { first: number; last: number } | undefined {
  // binary search for the first token that ends after `start`
  let lo = 0;
  let hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tokens[mid]!.end <= start) lo = mid + 1;
    else hi = mid;
  }
  let last = lo - 1;
  for (let k = lo; k < tokens.length && tokens[k]!.start < end; k++) last = k;
  return last >= lo ? { first: lo, last } : undefined;
}
