import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DomainError, invalid } from '../errors.js';
import { badRecord, unstorableRecord, withExternalId, type RecordLocation } from './task-record.js';
import type { ParsedTask, ReadOptions, RecordOutcome } from './types.js';

export type { AsyncBuffer } from 'hyparquet';

/** Options for {@link readParquet}: the record options of {@link ReadOptions}; `onProgress` gets file bytes covered so far. */
export type ParquetReadOptions = Pick<ReadOptions, 'externalIdField' | 'skipBadLines' | 'maxRecordBytes' | 'onSkip' | 'onProgress'>;

const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/**
 * Reads a Parquet file (a Hugging Face or pandas data set) one row group at a time with hyparquet, a pure-JS reader,
 * yielding each row as a task's data. Parquet keeps its index at the end of the file, so the input is random access
 * (`AsyncBuffer`; see `asyncBufferFromFile` from hyparquet) rather than a stream; memory is bounded by the largest
 * row group. Values become JSON: 64-bit integers are numbers when safe (else strings), timestamps ISO strings,
 * binary values base64 strings.
 */
export async function* readParquet(file: AsyncBuffer, options: ParquetReadOptions = {}): AsyncGenerator<ParsedTask> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  let metadata: FileMetaData;
  try {
    metadata = await parquetMetadataAsync(file);
  } catch (error) {
    throw invalid('bad_parquet', `the file is not a readable Parquet file (line 1, byte 0): ${(error as Error).message}`, { line: 1, byte: 0 });
  }
  let rowStart = 0;
  let bytesCovered = 0;
  let tasks = 0;
  let skipped = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    let rows: Record<string, unknown>[];
    try {
      rows = (await parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors })) as Record<string, unknown>[];
    } catch (error) {
      throw invalid('bad_parquet', `rows ${rowStart + 1}-${rowEnd} of the Parquet file could not be read: ${(error as Error).message}`, {
        line: rowStart + 1,
      });
    }
    for (let i = 0; i < rows.length; i += 1) {
      const outcome = rowToTask(rows[i] ?? {}, rowStart + i + 1, maxRecordBytes, options.externalIdField);
      if (outcome.ok) {
        tasks += 1;
        yield outcome.task;
      } else if (options.skipBadLines === true) {
        skipped += 1;
        options.onSkip?.({ line: outcome.line, message: outcome.error.message, code: outcome.error.code, details: outcome.error.details });
      } else {
        throw outcome.error;
      }
    }
    rowStart = rowEnd;
    bytesCovered += Number(group.total_compressed_size ?? group.total_byte_size);
    options.onProgress?.(Math.min(bytesCovered, file.byteLength));
  }
  if (tasks === 0 && skipped === 0) throw invalid('empty_file', 'the Parquet file holds no rows', { line: 1, byte: 0, format: 'parquet' });
}

function rowToTask(row: Record<string, unknown>, line: number, maxRecordBytes: number, externalIdField: string | undefined): RecordOutcome {
  const at: RecordLocation = { line, where: `row ${line}`, details: { line, row: line } };
  const data = toJsonValue(row) as Record<string, unknown>;
  const size = Buffer.byteLength(JSON.stringify(data));
  if (size > maxRecordBytes) {
    return {
      ok: false,
      line,
      error: new DomainError('too_large', 'record_too_large', `row ${line}: the record is ${size} bytes as JSON, over the limit of ${maxRecordBytes}`, {
        line,
        limit: maxRecordBytes,
      }),
    };
  }
  if (Object.keys(data).length === 0) return badRecord(at, 'empty_record', 'the row has no columns');
  return unstorableRecord(data, at) ?? withExternalId({ line, data }, at, externalIdField, undefined);
}

/** Converts a hyparquet value into plain JSON so it can be stored as task data. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value as ArrayLike<unknown>, toJsonValue);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonValue(v)]));
  }
  return value;
}
