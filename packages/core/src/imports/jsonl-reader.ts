import { DomainError } from '../errors.js';
import { splitLines } from './line-splitter.js';
import { badRecord, jsonRecordToTask, type RecordLocation } from './task-record.js';
import type { RecordOutcome } from './types.js';
import { decodeUtf8, firstInvalidUtf8Offset } from './utf8.js';

/**
 * Reads JSON Lines: one JSON object per line, blank lines ignored. Lines are split as bytes and decoded one at a
 * time, so memory stays flat and invalid UTF-8 is reported with its line and byte offset.
 */
export async function* readJsonl(
  chunks: AsyncIterable<Uint8Array>,
  maxRecordBytes: number,
  externalIdField: string | undefined,
): AsyncGenerator<RecordOutcome> {
  for await (const { line, byte, bytes } of splitLines(chunks, maxRecordBytes)) {
    const at: RecordLocation = { line, where: `line ${line}`, details: { line, byte } };
    if (bytes === undefined) {
      yield {
        ok: false,
        line,
        error: new DomainError(
          'too_large',
          'record_too_large',
          `line ${line}: the record is longer than ${maxRecordBytes} bytes, the limit (it starts at byte ${byte})`,
          { line, byte, limit: maxRecordBytes },
        ),
      };
      continue;
    }
    if (isBlank(bytes)) continue;
    const text = decodeUtf8(bytes);
    if (text === undefined) {
      const bad = byte + firstInvalidUtf8Offset(bytes);
      yield badRecord(at, 'invalid_utf8', `invalid UTF-8 at byte ${bad} (column byte ${bad - byte + 1}); save the file as UTF-8`, { byte: bad });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      yield badRecord(at, 'bad_json', `invalid JSON: ${(error as Error).message}`);
      continue;
    }
    yield jsonRecordToTask(value, at, externalIdField);
  }
}

function isBlank(bytes: Uint8Array): boolean {
  for (const b of bytes) {
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d) return false;
  }
  return true;
}
