import { describe, expect, it } from 'vitest';
import { tokenRange, tokenizeText } from './text-tokens.js';

const words = (text: string) => tokenizeText(text).map((t) => text.slice(t.start, t.end));

describe('tokenizeText', () => {
  it('splits Latin text at white space and Chinese text into characters', () => {
    expect(words('EU rejects German call')).toEqual(['EU', 'rejects', 'German', 'call']);
    expect(words('沈阳市政府')).toEqual(['沈', '阳', '市', '政', '府']);
  });

  it('keeps a Latin word whole inside Chinese text and makes CJK punctuation its own token', () => {
    expect(words('华为发布Mate 60手机。')).toEqual(['华', '为', '发', '布', 'Mate', '60', '手', '机', '。']);
  });

  it('counts offsets in code points as Label Studio does, so a character outside the BMP is one', () => {
    expect(tokenizeText('𠀀a b')).toEqual([
      { start: 0, end: 1 },
      { start: 1, end: 2 },
      { start: 3, end: 4 },
    ]);
    // Label Studio 1.4.0's editor gives 腾讯 in this text the offsets 4-6
    const text = '张三在😀腾讯工作';
    expect(tokenizeText(text).filter((t) => t.start >= 4 && t.end <= 6)).toEqual([
      { start: 4, end: 5 },
      { start: 5, end: 6 },
    ]);
  });
});

describe('tokenRange', () => {
  const tokens = tokenizeText('EU rejects German call');
  it('finds the tokens a character span touches, also partly', () => {
    expect(tokenRange(tokens, 3, 10)).toEqual({ first: 1, last: 1 });
    expect(tokenRange(tokens, 5, 13)).toEqual({ first: 1, last: 2 });
  });
  it('is undefined for a span of white space only', () => {
    expect(tokenRange(tokens, 2, 3)).toBeUndefined();
  });
});
