import { describe, expect, it } from 'vitest';
import { codePoints } from '../../controls/labels/span.js';
import { segmentsOf, trimSpan } from './segments.js';

const mark = (id: string, start: number, end: number) => ({ id, start, end, caption: id, selected: false });
const shape = (length: number, marks: ReturnType<typeof mark>[]) =>
  segmentsOf(length, marks).map((s) => `${s.start}-${s.end}:${s.marks.map((m) => m.id).join('')}/${s.opening.map((m) => m.id).join('')}`);

describe('segmentsOf', () => {
  it('cuts the text where marks start and end, every piece knowing the marks over it (outermost first)', () => {
    expect(shape(8, [mark('a', 0, 4), mark('b', 2, 6)])).toEqual(['0-2:a/a', '2-4:ab/b', '4-6:b/', '6-8:/']);
    // Nested: the outer span opens first and its caption comes first.
    expect(shape(6, [mark('in', 2, 3), mark('out', 1, 5)])).toEqual(['0-1:/', '1-2:out/out', '2-3:outin/in', '3-5:out/', '5-6:/']);
  });

  it('shows two spans over the same text as one piece under both', () => {
    expect(shape(4, [mark('a', 1, 3), mark('b', 1, 3)])).toEqual(['0-1:/', '1-3:ab/ab', '3-4:/']);
  });

  it('clips marks to the text and drops empty ones', () => {
    expect(shape(3, [mark('a', 2, 9), mark('e', 1, 1)])).toEqual(['0-2:/', '2-3:a/a']);
    expect(shape(0, [])).toEqual([]);
  });
});

describe('trimSpan', () => {
  it('leaves out whitespace at the ends only, counting code points', () => {
    const points = codePoints(' 张三 在😀腾讯 ');
    expect(trimSpan(points, 0, 4)).toEqual({ start: 1, end: 3 });
    expect(trimSpan(points, 4, points.length)).toEqual({ start: 4, end: 8 });
    expect(points.slice(4, 8).join('')).toBe('在😀腾讯');
    expect(trimSpan(points, 0, 1)).toEqual({ start: 1, end: 1 });
  });
});
