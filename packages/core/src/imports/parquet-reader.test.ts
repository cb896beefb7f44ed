import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../errors.js';
import { readParquet, type AsyncBuffer, type ParquetReadOptions } from './parquet-reader.js';
import type { ParsedTask, SkippedLine } from './types.js';

function asyncBuffer(buffer: ArrayBuffer): AsyncBuffer {
  return { byteLength: buffer.byteLength, slice: async (start, end) => buffer.slice(start, end) };
}

async function readAll(buffer: ArrayBuffer, options: ParquetReadOptions = {}): Promise<ParsedTask[]> {
  const tasks: ParsedTask[] = [];
  for await (const task of readParquet(asyncBuffer(buffer), options)) tasks.push(task);
  return tasks;
}

async function failure(buffer: ArrayBuffer, options: ParquetReadOptions = {}): Promise<DomainError> {
  try {
    await readAll(buffer, options);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the read to fail');
}

const sample = () =>
  parquetWriteBuffer({
    columnData: [
      { name: 'id', data: ['a1', 'a2', 'a3'] },
      { name: 'text', data: ['好评', 'bad', null] },
      { name: 'n', data: [1n, 9007199254740993n, 3n], type: 'INT64' },
      { name: 'score', data: [0.5, 1.5, 2], type: 'DOUBLE' },
      { name: 'ok', data: [true, false, true] },
    ],
    rowGroupSize: 2,
  });

describe('readParquet', () => {
  it('yields every row of every row group as JSON data', async () => {
    const progress: number[] = [];
    const tasks = await readAll(sample(), { externalIdField: 'id', onProgress: (n) => progress.push(n) });
    expect(tasks).toEqual([
      { line: 1, externalId: 'a1', data: { id: 'a1', text: '好评', n: 1, score: 0.5, ok: true } },
      { line: 2, externalId: 'a2', data: { id: 'a2', text: 'bad', n: '9007199254740993', score: 1.5, ok: false } },
      { line: 3, externalId: 'a3', data: { id: 'a3', text: null, n: 3, score: 2, ok: true } },
    ]);
    expect(progress).toHaveLength(2);
  });

  it('fails on an oversized row naming it, or skips it', async () => {
    const buffer = parquetWriteBuffer({ columnData: [{ name: 'text', data: ['short', 'x'.repeat(2000), 'ok'] }] });
    const error = await failure(buffer, { maxRecordBytes: 1000 });
    expect(error.code).toBe('record_too_large');
    expect(error.message).toContain('row 2');
    const skipped: SkippedLine[] = [];
    const tasks = await readAll(buffer, { maxRecordBytes: 1000, skipBadLines: true, onSkip: (s) => skipped.push(s) });
    expect(tasks.map((t) => t.line)).toEqual([1, 3]);
    expect(skipped.map((s) => s.line)).toEqual([2]);
  });

  it('rejects a file that is not Parquet', async () => {
    const error = await failure(new TextEncoder().encode('text\nnot parquet at all\n').buffer);
    expect(error.code).toBe('bad_parquet');
  });
});
