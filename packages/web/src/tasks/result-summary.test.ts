import { describe, expect, it } from 'vitest';
import { cellText, resultSummary } from './result-summary';

describe('resultSummary', () => {
  it('names the control and what was chosen, marked or written', () => {
    expect(
      resultSummary([
        { from_name: 'sentiment', value: { choices: ['positive'] } },
        { from_name: 'ner', value: { labels: ['PER'], text: '张三', start: 0, end: 2 } },
        { from_name: 'notes', value: { text: ['first', 'second'] } },
        { from_name: 'quality', value: { rating: 4 } },
      ]),
    ).toEqual(['sentiment: positive', 'ner: PER "张三"', 'notes: first | second', 'quality: ★4']);
  });
  it('falls back to the value as JSON for a shape it does not know', () => {
    expect(resultSummary([{ from_name: 'box', value: { x: 1 } }])).toEqual(['box: {"x":1}']);
    expect(cellText({ a: 1 })).toBe('{"a":1}');
    expect(cellText(null)).toBe('');
  });
});
