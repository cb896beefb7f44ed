import { CsvError, parse } from 'csv-parse/sync';

/** A CSV text split into records of cells, with the file line each record starts on. */
export interface CsvRecord {
  /** 1-based line of the file where the record starts (a quoted cell may span lines). */
  line: number;
  cells: string[];
}

/**
 * Parses a roster's CSV text (csv-parse, as the task import does): a UTF-8 byte order mark is dropped, blank lines are
 * skipped, rows may have fewer or more cells than the header (the roster check names such rows), and the separator
 * is a semicolon or a tab when the header line has one and no comma, as some spreadsheet programs write. A quote
 * that is never closed (or other broken CSV) is reported by its line, so a stray quote is refused instead of silently merging rows.
 */
export function parseCsv(text: string): { records: CsvRecord[]; fault?: { line: number; message: string } } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = firstLine.includes(',') ? ',' : firstLine.includes(';') ? ';' : firstLine.includes('\t') ? '\t' : ',';
  try {
    const rows = parse(body, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    let next = 1;
    return {
      records: rows.map(({ record, info }) => {
        // info.lines is the line the record ends on; a record starts where the previous one ended (blank lines aside).
        const line = Math.max(next, info.lines - (record.join('').match(/\n/g)?.length ?? 0));
        next = info.lines + 1;
        return { line, cells: record };
      }),
    };
  } catch (error) {
    if (error instanceof CsvError) {
      const message = error.code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell is never closed' : error.message.replace(/^Invalid \w+: /, '');
      return { records: [], fault: { line: typeof error.lines === 'number' ? error.lines : 1, message } };
    }
    throw error;
  }
}
