/**
 * Span offsets count Unicode code points, as Python indexes strings (Label Studio's backend, ML backends, converters)
 * and as Label Studio's current editor counts "symbols"; for Chinese and other text without characters beyond U+FFFF
 * this is the same as JavaScript's UTF-16 index. See docs/decisions/0004-label-types.md for what was verified.
 */
export function codePoints(text: string): string[] {
  return Array.from(text);
}

/** The text between two code-point offsets. */
export function spanText(points: readonly string[], start: number, end: number): string {
  return points.slice(start, end).join('');
}
