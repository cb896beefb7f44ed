import { DomainError } from '../errors.js';
import { unstorableError } from '../storable-value.js';
import { JsonElementScanner, type RawElement } from './json-scanner.js';
import { badRecord, jsonRecordToTask, type RecordLocation } from './task-record.js';
import type { RecordOutcome } from './types.js';
import { decodeUtf8, firstInvalidUtf8Offset } from './utf8.js';

/**
 * Reads a JSON array of tasks element by element (a file holding one object, or several concatenated objects, is
 * read the same way), so a large Label Studio export never has to fit in memory.
 */
export async function* readJsonArray(
  chunks: AsyncIterable<Uint8Array>,
  maxRecordBytes: number,
  externalIdField: string | undefined,
): AsyncGenerator<RecordOutcome> {
  const scanner = new JsonElementScanner(maxRecordBytes);
  for await (const chunk of chunks) {
    for (const element of scanner.push(chunk)) yield toOutcome(element, maxRecordBytes, externalIdField);
  }
  for (const element of scanner.end()) yield toOutcome(element, maxRecordBytes, externalIdField);
}

function toOutcome(element: RawElement, maxRecordBytes: number, externalIdField: string | undefined): RecordOutcome {
  const { index, line, byte, bytes } = element;
  const at: RecordLocation = {
    line: index,
    where: `element ${index} (line ${line})`,
    details: { line: index, element: index, fileLine: line, byte },
  };
  if (element.tooDeep) {
    return { ok: false, line: index, error: unstorableError({ problem: 'too_deep', path: [] }, { root: 'the record', where: at.where, details: at.details }) };
  }
  if (bytes === undefined) {
    return {
      ok: false,
      line: index,
      error: new DomainError(
        'too_large',
        'record_too_large',
        `${at.where}: the record is longer than ${maxRecordBytes} bytes, the limit (it starts at byte ${byte})`,
        { ...at.details, limit: maxRecordBytes },
      ),
    };
  }
  const text = decodeUtf8(bytes);
  if (text === undefined) {
    const bad = byte + firstInvalidUtf8Offset(bytes);
    return badRecord(at, 'invalid_utf8', `invalid UTF-8 at byte ${bad}; save the file as UTF-8`, { byte: bad });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return badRecord(at, 'bad_json', `invalid JSON: ${(error as Error).message}`);
  }
  return jsonRecordToTask(value, at, externalIdField);
}
