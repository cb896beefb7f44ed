import { tokenizeText, tokenRange } from '../quality/text-tokens.js';

/** A labelled span of a text: `[start, end)` in code points, as Label Studio's `labels` results count. */
export interface TextSpan {
  start: number;
  end: number;
  label: string;
}

/** The first line of every document, as in the CoNLL-2003 files (word, POS and chunk placeholders, tag O). */
export const DOCSTART = '-DOCSTART- -X- -X- O';

/**
 * One sentence in CoNLL-2003 columns, `token -X- _ TAG` per line (POS and chunk columns left as placeholders, as
 * Label Studio's converter writes them), tags in IOB2 (every entity starts with `B-`). Tokens are tokenizeText's:
 * a run of non-space characters, but each Chinese (and other unspaced-script) character is a token of its own.
 *
 * A token takes a span's tag when the span covers any of its characters: `Apple` labelled inside `Apple's` tags the
 * whole token `Apple's` (Label Studio's converter does the same; a token cannot be split without changing the text).
 * Flat BIO cannot hold nested or overlapping spans: spans are taken by start, longer first, and a span that would
 * share a token with one already taken is left out. White space inside a label becomes `_` so the line keeps four
 * columns. Returns the lines without the blank line that ends the sentence; no lines for a text with no token.
 */
export function conllSentence(text: string, spans: readonly TextSpan[]): string[] {
  const tokens = tokenizeText(text);
  const tags: string[] = tokens.map(() => 'O');
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const span of ordered) {
    const range = tokenRange(tokens, span.start, span.end);
    if (range === undefined) continue;
    let free = true;
    for (let k = range.first; k <= range.last; k++) if (tags[k] !== 'O') free = false;
    if (!free) continue;
    const label = span.label.replace(/\s+/gu, '_');
    for (let k = range.first; k <= range.last; k++) tags[k] = `${k === range.first ? 'B' : 'I'}-${label}`;
  }
  const points = Array.from(text);
  return tokens.map((t, k) => `${points.slice(t.start, t.end).join('')} -X- _ ${tags[k]}`);
}

/** The spans of `labels` result items (Label Studio's `{value: {start, end, labels: [..]}}`), first label of each. */
export function spansOf(items: readonly Record<string, unknown>[]): TextSpan[] {
  const spans: TextSpan[] = [];
  for (const item of items) {
    const value = item.value as { start?: unknown; end?: unknown; labels?: unknown } | undefined;
    const label: unknown = Array.isArray(value?.labels) ? (value.labels as unknown[])[0] : undefined;
    if (typeof value?.start !== 'number' || typeof value.end !== 'number' || typeof label !== 'string') continue;
    spans.push({ start: value.start, end: value.end, label });
  }
  return spans;
}
