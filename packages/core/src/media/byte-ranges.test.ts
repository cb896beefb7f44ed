import { describe, expect, it } from 'vitest';
import { parseRange } from './byte-ranges.js';

describe('parseRange', () => {
  it('reads the three forms of one byte range', () => {
    expect(parseRange('bytes=0-99', 1000)).toEqual({ kind: 'range', range: { start: 0, end: 99 } });
    expect(parseRange('bytes=900-', 1000)).toEqual({ kind: 'range', range: { start: 900, end: 999 } });
    expect(parseRange('bytes=-100', 1000)).toEqual({ kind: 'range', range: { start: 900, end: 999 } });
  });

  it('cuts an end past the object to its last byte, and a suffix longer than it to the whole', () => {
    expect(parseRange('bytes=10-5000', 1000)).toEqual({ kind: 'range', range: { start: 10, end: 999 } });
    expect(parseRange('bytes=-5000', 1000)).toEqual({ kind: 'range', range: { start: 0, end: 999 } });
  });

  it('serves the whole object without a header or for another unit', () => {
    expect(parseRange(undefined, 10)).toEqual({ kind: 'whole' });
    expect(parseRange('items=0-1', 10)).toEqual({ kind: 'whole' });
  });

  it('refuses several ranges, bad syntax and ranges past the end', () => {
    for (const header of ['bytes=0-1,5-6', 'bytes=abc', 'bytes=-', 'bytes=1000-', 'bytes=5-2', 'bytes=-0', 'bytes=0x-1']) {
      expect(parseRange(header, 1000), header).toEqual({ kind: 'unsatisfiable' });
    }
  });
});
