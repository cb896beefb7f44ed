import { describe, expect, it } from 'vitest';
import { codePoints } from '../../controls/labels/span.js';
import { caretSelection, caretTarget, moveCaret, type CaretMove, type CaretPlace } from './caret.js';

const char = (step: 1 | -1, extend = false): CaretMove => ({ by: 'char', step, extend });
const word = (step: 1 | -1, extend = false): CaretMove => ({ by: 'word', step, extend });
const edge = (step: 1 | -1, extend = false): CaretMove => ({ by: 'edge', step, extend });

/** The caret after the moves, from `start`. */
function after(text: string, moves: CaretMove[], start: CaretPlace = { at: 0, anchor: null }): CaretPlace {
  const points = codePoints(text);
  return moves.reduce((place, move) => moveCaret(points, place, move), start);
}

describe('caret moves', () => {
  it('steps one code point at a time, an emoji being one step', () => {
    const text = '张😀三';
    expect(after(text, [char(1)]).at).toBe(1);
    expect(after(text, [char(1), char(1)]).at).toBe(2);
    expect(codePoints(text).slice(1, 2).join('')).toBe('😀');
  });

  it('stays inside the text at both ends', () => {
    expect(after('ab', [char(-1)]).at).toBe(0);
    expect(after('ab', [char(1), char(1), char(1)]).at).toBe(2);
    expect(caretTarget(codePoints('ab'), 9, { by: 'char', step: -1 })).toBe(1);
  });

  it('goes to the start and end with the edge moves', () => {
    expect(after('hello world', [edge(1)]).at).toBe(11);
    expect(after('hello world', [edge(1), edge(-1)]).at).toBe(0);
  });

  it('steps over Latin words to their end forwards and their start backwards, skipping spaces', () => {
    const text = 'Alice met Bob.';
    expect(after(text, [word(1)]).at).toBe(5);
    expect(after(text, [word(1), word(1)]).at).toBe(9);
    // The full stop is a step of its own.
    expect(after(text, [word(1), word(1), word(1), word(1)]).at).toBe(14);
    expect(after(text, [edge(1), word(-1)]).at).toBe(13);
    expect(after(text, [edge(1), word(-1), word(-1)]).at).toBe(10);
  });

  it('steps one character at a time through Chinese, where words have no spaces', () => {
    const text = '张三在腾讯工作';
    expect(after(text, [word(1)]).at).toBe(1);
    expect(after(text, [word(1), word(1), word(1)]).at).toBe(3);
    // Latin inside Chinese text still goes by word.
    expect(after('在IBM工作', [word(1), word(1)]).at).toBe(4);
  });
});

describe('caret selection', () => {
  it('runs from where Shift was first held to the caret, either way round', () => {
    const text = 'Alice met Bob.';
    const points = codePoints(text);
    const forwards = after(text, [word(1), word(1), word(1, true)]);
    expect(caretSelection(points, forwards)).toEqual({ start: 10, end: 13, text: 'Bob' });
    const backwards = after(text, [word(1), char(-1, true), char(-1, true), char(-1, true)]);
    expect(caretSelection(points, backwards)).toEqual({ start: 2, end: 5, text: 'ice' });
  });

  it('counts code points, an emoji being one', () => {
    const text = '张三在😀腾讯工作';
    const place = after(text, [char(1), char(1), char(1), char(1), char(1, true), char(1, true)]);
    expect(caretSelection(codePoints(text), place)).toEqual({ start: 4, end: 6, text: '腾讯' });
  });

  it('leaves out whitespace at its ends, as a mouse selection does, and is nothing when only spaces are selected', () => {
    const points = codePoints('a  b');
    expect(caretSelection(points, { at: 4, anchor: 1 })).toEqual({ start: 3, end: 4, text: 'b' });
    expect(caretSelection(points, { at: 3, anchor: 1 })).toBeNull();
    expect(caretSelection(points, { at: 2, anchor: null })).toBeNull();
  });

  it('ends with a move without Shift, the caret landing on that side of the selection', () => {
    const text = 'abcdef';
    const selected = after(text, [char(1), char(1, true), char(1, true), char(1, true)]);
    expect(selected).toEqual({ at: 4, anchor: 1 });
    expect(after(text, [char(-1)], selected)).toEqual({ at: 1, anchor: null });
    expect(after(text, [char(1)], selected)).toEqual({ at: 4, anchor: null });
    expect(after(text, [edge(1)], selected)).toEqual({ at: 6, anchor: null });
  });
});
