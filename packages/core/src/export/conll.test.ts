import { describe, expect, it } from 'vitest';
import { readConll } from '../../../../test/support/export-readers.js';
import { conllSentence, DOCSTART, type TextSpan } from './conll.js';

const asDocument = (text: string, spans: TextSpan[]) => `${DOCSTART}\n\n${conllSentence(text, spans).join('\n')}\n\n`;

describe('conllSentence', () => {
  it('writes one token per line with IOB2 tags, Latin words whole and each Chinese character its own token', () => {
    const text = 'EU rejects German call 华为在深圳';
    const spans = [
      { start: 0, end: 2, label: 'ORG' },
      { start: 11, end: 17, label: 'MISC' },
      { start: 23, end: 25, label: 'ORG' },
      { start: 26, end: 28, label: 'LOC' },
    ];
    const { docs, sentences } = readConll(asDocument(text, spans));
    expect(docs).toBe(1);
    expect(sentences).toEqual([
      [
        { token: 'EU', tag: 'B-ORG' },
        { token: 'rejects', tag: 'O' },
        { token: 'German', tag: 'B-MISC' },
        { token: 'call', tag: 'O' },
        { token: '华', tag: 'B-ORG' },
        { token: '为', tag: 'I-ORG' },
        { token: '在', tag: 'O' },
        { token: '深', tag: 'B-LOC' },
        { token: '圳', tag: 'I-LOC' },
      ],
    ]);
  });

  it('tags a whole token that a span covers only partly', () => {
    const text = "Apple's shares";
    const tags = readConll(asDocument(text, [{ start: 0, end: 5, label: 'ORG' }])).sentences[0]!;
    expect(tags).toEqual([
      { token: "Apple's", tag: 'B-ORG' },
      { token: 'shares', tag: 'O' },
    ]);
    // A span ending inside the second word takes it too.
    expect(readConll(asDocument('New Yorker', [{ start: 0, end: 6, label: 'LOC' }])).sentences[0]!.map((t) => t.tag)).toEqual(['B-LOC', 'I-LOC']);
  });

  it('starts an adjacent entity of the same type with B- and counts offsets in code points', () => {
    const text = '张三在😀腾讯工作';
    const spans = [
      { start: 0, end: 1, label: 'PER' },
      { start: 1, end: 2, label: 'PER' },
      { start: 4, end: 6, label: 'ORG' },
    ];
    expect(readConll(asDocument(text, spans)).sentences[0]).toEqual([
      { token: '张', tag: 'B-PER' },
      { token: '三', tag: 'B-PER' },
      { token: '在', tag: 'O' },
      { token: '😀', tag: 'O' },
      { token: '腾', tag: 'B-ORG' },
      { token: '讯', tag: 'I-ORG' },
      { token: '工', tag: 'O' },
      { token: '作', tag: 'O' },
    ]);
  });

  it('keeps the earlier, longer span of two that overlap, and four columns for a label with a space', () => {
    const text = 'Bank of China Hong Kong';
    const spans = [
      { start: 8, end: 23, label: 'LOC' }, // "China Hong Kong", overlaps the ORG
      { start: 0, end: 13, label: 'Org name' },
    ];
    expect(readConll(asDocument(text, spans)).sentences[0]!.map((t) => t.tag)).toEqual(['B-Org_name', 'I-Org_name', 'I-Org_name', 'O', 'O']);
  });

  it('writes nothing for a text of white space only', () => {
    expect(conllSentence(' \n\t', [{ start: 0, end: 2, label: 'X' }])).toEqual([]);
  });
});
