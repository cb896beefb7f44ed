import { createReadStream } from 'node:fs';

/** One parsed CSV record with the 1-based line number where it starts (for error messages). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/**
 * Streams RFC 4180 records from text chunks: fields separated by commas, optionally quoted with `"`, quotes
 * doubled inside quoted fields, quoted fields may span lines, CRLF or LF line ends. Blank lines are skipped.
 * Memory stays bounded by the longest record, whatever the file size.
 */
export async function* parseCsv(chunks: AsyncIterable<string | Buffer>): AsyncGenerator<CsvRecord> {
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quoteSeen = false; // just read a quote inside a quoted field: either an escaped quote or the closing one
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const decoder = new TextDecoder('utf-8');
  let first = true;

  for await (const raw of chunks) {
    let chunk = typeof raw === 'string' ? raw : decoder.decode(raw, { stream: true });
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      if (chunk.length > 0) first = false;
    }
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (inQuotes) {
        if (quoteSeen) {
          quoteSeen = false;
          if (c === 34) {
            field += '"';
            start = i + 1;
            continue;
          }
          inQuotes = false; // the previous quote closed the field; fall through to handle c unquoted
        } else if (c === 34) {
          field += chunk.slice(start, i);
          start = i + 1;
          quoteSeen = true;
          continue;
        } else {
          if (c === 10) line++;
          continue;
        }
      }
      if (c === 44) {
        fields.push(field + chunk.slice(start, i));
        field = '';
        start = i + 1;
        fieldStarted = true;
      } else if (c === 10 || c === 13) {
        const value = field + chunk.slice(start, i);
        field = '';
        start = i + 1;
        if (c === 10) {
          if (fieldStarted || value.length > 0) {
            fields.push(value);
            yield { fields, line: recordLine };
          }
          fields = [];
          fieldStarted = false;
          line++;
          recordLine = line;
        } else if (value.length > 0 || fieldStarted) {
          // CR: keep the value until the LF (or the next character) ends the record
          field = value;
        }
      } else if (c === 34 && start === i && field === '') {
        inQuotes = true;
        fieldStarted = true;
        start = i + 1;
      }
    }
    field += chunk.slice(start);
  }
  if (quoteSeen) inQuotes = false;
  if (inQuotes) throw new CsvFormatError(`line ${recordLine}: quoted field is not closed before the end of the file`);
  if (fieldStarted || field.length > 0) {
    fields.push(field);
    yield { fields, line: recordLine };
  }
}

/** A CSV file that cannot be read as the expected table; the message names the line. */
export class CsvFormatError extends Error {
  override readonly name = 'CsvFormatError';
}

/** Reads a CSV file as a stream of records. */
export function readCsvFile(path: string): AsyncGenerator<CsvRecord> {
  return parseCsv(createReadStream(path, { highWaterMark: 1 << 20 }));
}
