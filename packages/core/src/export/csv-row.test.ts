import { read, type CellObject, type WorkSheet } from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { csvRow } from './csv-row.js';

/** Opens CSV text the way a spreadsheet does (SheetJS's CSV reader infers numbers and formulas per cell). */
function openInSpreadsheet(csv: string): CellObject[] {
  const book = read(csv, { type: 'string' });
  const sheet = book.Sheets[book.SheetNames[0]!] as WorkSheet;
  return Object.keys(sheet)
    .filter((k) => !k.startsWith('!'))
    .map((k) => sheet[k] as CellObject);
}

describe('csvRow', () => {
  it('lets a spreadsheet read numbers, negative ones included, as numbers', () => {
    const numbers = ['-3.5', '-42', '0', '17', '2.25', '-1e-3', '-.5'];
    const cells = openInSpreadsheet(csvRow(numbers));
    expect(cells.map((c) => c.t)).toEqual(numbers.map(() => 'n'));
    expect(cells.map((c) => c.v)).toEqual(numbers.map(Number));
    expect(csvRow(['-3.5'])).toBe('-3.5\r\n');
  });

  it('turns every cell a spreadsheet could run into text, TAB and CR first included', () => {
    const dangerous = ['=SUM(A1:A9)', '+1+1', '-1+A1', '@SUM(A1)', '\t=1+1', '\r=1+1', '=HYPERLINK("http://x","y")', '-', '-3.5.1'];
    const csv = csvRow(dangerous);
    const cells = openInSpreadsheet(csv);
    expect(cells).toHaveLength(dangerous.length);
    for (const cell of cells) {
      expect(cell.f).toBeUndefined();
      expect(cell.t).toBe('s');
      expect(String(cell.v).startsWith("'")).toBe(true);
    }
    // Without the guard the same spreadsheet would have run the first one.
    expect(openInSpreadsheet('=SUM(A1:A9)\r\n')[0]!.f).toBe('SUM(A1:A9)');
  });

  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvRow(['a,b', 'say "hi"', 'two\nlines', 'plain'])).toBe('"a,b","say ""hi""","two\nlines",plain\r\n');
    expect(csvRow(['\r=1'])).toBe(`"'\r=1"\r\n`);
  });
});
