import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { DomainError, invalid } from '../errors.js';
import { countNewlines } from './byte-source.js';
import { badRecord, unstorableRecord, withExternalId, type RecordLocation } from './task-record.js';
import { findUnstorable, unstorableError } from '../storable-value.js';
import type { RecordOutcome } from './types.js';
import { decodeUtf8, firstInvalidUtf8Offset } from './utf8.js';

interface CsvInfo {
  lines: number;
  bytes: number;
}

/**
 * Reads CSV or TSV with csv-parse in streaming mode: the header row gives the keys, every value is a string. Fields
 * arrive as bytes and are decoded strictly, so a file saved in a legacy encoding (GBK, Latin-1) is reported by line
 * instead of being imported as mojibake.
 */
export async function* readDelimited(
  chunks: AsyncIterable<Uint8Array>,
  delimiter: ',' | '\t',
  options: { maxRecordBytes: number; externalIdField: string | undefined; skipBadLines: boolean },
): AsyncGenerator<RecordOutcome> {
  // csv-parse buffers ahead of the consumer, so the line bookkeeping happens inside the parser (on_record, 'skip').
  let lastLine = 0;
  let parsedRecords = 0;
  const parser = parse({
    encoding: null,
    info: true,
    bom: false, // stripped below: csv-parse's own BOM handling switches its output to strings
    delimiter,
    record_delimiter: ['\r\n', '\n'],
    relax_column_count: true,
    relax_quotes: delimiter === '\t',
    skip_empty_lines: true,
    max_record_size: options.maxRecordBytes,
    skip_records_with_error: options.skipBadLines,
    on_record: (record, context) => {
      lastLine = context.lines;
      parsedRecords += 1;
      return record;
    },
  });
  const stream = pipeline(Readable.from(withoutBom(chunks)), parser, () => {
    // Errors reach the consumer through the async iterator below.
  });
  const skipped: { after: number; outcome: RecordOutcome }[] = [];
  parser.on('skip', (error: unknown) => {
    if (!(error instanceof CsvError)) return;
    const fault = csvFault(error, lastLine + 1, options.maxRecordBytes);
    const line = typeof fault.details.line === 'number' ? fault.details.line : lastLine + 1;
    skipped.push({ after: parsedRecords, outcome: { ok: false, line, error: fault } });
  });
  const flushSkipped = function* (consumed: number): Generator<RecordOutcome> {
    while (skipped.length > 0 && (skipped[0]?.after ?? 0) < consumed) {
      const next = skipped.shift();
      if (next !== undefined) yield next.outcome;
    }
  };
  let header: string[] | undefined;
  let consumed = 0;
  try {
    for await (const item of stream as AsyncIterable<{ record: Buffer[]; info: CsvInfo }>) {
      consumed += 1;
      yield* flushSkipped(consumed);
      const { record, info } = item;
      let newlines = 0;
      for (const field of record) newlines += countNewlines(field);
      const line = info.lines - newlines;
      if (header === undefined) {
        header = readHeader(record, line);
        continue;
      }
      yield toTask(record, header, line, options.externalIdField);
    }
    yield* flushSkipped(Number.POSITIVE_INFINITY);
  } catch (error) {
    if (error instanceof CsvError) throw csvFault(error, lastLine + 1, options.maxRecordBytes);
    throw error;
  } finally {
    stream.destroy();
  }
}

async function* withoutBom(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let first = true;
  for await (const chunk of chunks) {
    if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) yield chunk.subarray(3);
    else yield chunk;
    first = false;
  }
}

function readHeader(record: Buffer[], line: number): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  record.forEach((field, i) => {
    const text = decodeUtf8(field);
    if (text === undefined) {
      throw invalid('invalid_utf8', `line ${line}: the header of column ${i + 1} is not valid UTF-8 (byte ${firstInvalidUtf8Offset(field) + 1} of the name); save the file as UTF-8`, {
        line,
        column: i + 1,
      });
    }
    const fault = findUnstorable(text);
    if (fault !== undefined) throw unstorableError(fault, { root: `the header of column ${i + 1}`, where: `line ${line}`, details: { line, column: i + 1 } });
    const name = text.trim() === '' ? `column_${i + 1}` : text.trim();
    if (seen.has(name)) throw invalid('bad_csv_header', `line ${line}: the header names the column "${name}" twice`, { line, column: i + 1, name });
    seen.add(name);
    names.push(name);
  });
  return names;
}

function toTask(record: Buffer[], header: string[], line: number, externalIdField: string | undefined): RecordOutcome {
  const at: RecordLocation = { line, where: `line ${line}`, details: { line } };
  let count = record.length;
  while (count > header.length && record[count - 1]?.length === 0) count -= 1;
  if (count !== header.length) {
    return badRecord(at, 'bad_csv_row', `the row has ${count} values but the header has ${header.length} columns`, {
      values: count,
      columns: header.length,
    });
  }
  const entries: [string, string][] = [];
  for (let i = 0; i < header.length; i += 1) {
    const field = record[i] ?? Buffer.alloc(0);
    const name = header[i] ?? '';
    const text = decodeUtf8(field);
    if (text === undefined) {
      const bad = firstInvalidUtf8Offset(field) + 1;
      return badRecord(at, 'invalid_utf8', `column "${name}" is not valid UTF-8 (byte ${bad} of the value); save the file as UTF-8`, { column: name, byte: bad });
    }
    entries.push([name, text]);
  }
  const data = Object.fromEntries(entries);
  return unstorableRecord(data, at) ?? withExternalId({ line, data }, at, externalIdField, undefined);
}

function csvFault(error: CsvError, recordLine: number, maxRecordBytes: number): DomainError {
  const errorLine = typeof (error as { lines?: unknown }).lines === 'number' ? (error as unknown as { lines: number }).lines : recordLine;
  const code: string = error.code;
  if (code === 'CSV_MAX_RECORD_SIZE') {
    return new DomainError('too_large', 'record_too_large', `line ${recordLine}: the record is longer than ${maxRecordBytes} bytes, the limit`, {
      line: recordLine,
      limit: maxRecordBytes,
    });
  }
  if (code === 'CSV_QUOTE_NOT_CLOSED') {
    return invalid(
      'bad_csv',
      `line ${recordLine}: a quoted value in the record starting at line ${recordLine} is never closed (the file ends at line ${errorLine} inside quotes)`,
      { line: recordLine, endLine: errorLine },
    );
  }
  if (code === 'CSV_INVALID_CLOSING_QUOTE') {
    return invalid(
      'bad_csv',
      `line ${errorLine}: a quoted value is followed by other characters before the next delimiter; inside quotes write a quote as ""`,
      { line: errorLine },
    );
  }
  return invalid('bad_csv', `line ${errorLine}: ${error.message}`, { line: errorLine, csvCode: code });
}
