import { invalid } from '../errors.js';
import { prepareInput } from './byte-source.js';
import { readDelimited } from './csv-reader.js';
import { readJsonArray } from './json-reader.js';
import { readJsonl } from './jsonl-reader.js';
import type { ImportFormat, ParsedTask, ReadOptions, RecordOutcome } from './types.js';


/** Default for {@link ReadOptions.maxRecordBytes}: 1 MiB. */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

const extensionFormats: Record<string, ImportFormat> = {
  jsonl: 'jsonl',
  ndjson: 'jsonl',
  csv: 'csv',
  tsv: 'tsv',
  tab: 'tsv',
  json: 'json',
};

/**
 * Decides a file's format: by its extension (`.jsonl`, `.ndjson`, `.csv`, `.tsv`, `.json`, each optionally followed
 * by `.gz`), else by looking at its first (decompressed) bytes, so uploads without a telling name still import.
 */
export function detectFormat(fileName: string, firstBytes: Uint8Array): ImportFormat {
  const parts = fileName.toLowerCase().split('.');
  if (parts.length > 1 && parts[parts.length - 1] === 'gz') parts.pop();
  const byExtension = parts.length > 1 ? extensionFormats[parts[parts.length - 1] ?? ''] : undefined;
  if (byExtension !== undefined) return byExtension;

  let text = new TextDecoder('utf-8').decode(firstBytes);
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) return 'json';
  if (trimmed.startsWith('{')) {
    const firstLine = trimmed.split('\n', 1)[0] ?? '';
    try {
      JSON.parse(firstLine);
      return 'jsonl';
    } catch {
      // A pretty-printed object, or a first line longer than the sniffed bytes: the JSON reader handles both.
      return 'json';
    }
  }
  const header = trimmed.split('\n', 1)[0] ?? '';
  const tabs = header.split('\t').length - 1;
  const commas = header.split(',').length - 1;
  return tabs > commas ? 'tsv' : 'csv';
}

/**
 * Reads tasks from an uploaded file as a stream: the file is never held in memory whole, gzip is undone on the fly,
 * and each record becomes a {@link ParsedTask}. The first bad record throws a DomainError naming its line (so the
 * caller's transaction imports nothing), unless `skipBadLines` is set, in which case it goes to `onSkip`. File-level
 * faults (empty, binary, gzip bomb, broken JSON structure) always throw.
 */
export async function* readTasks(input: AsyncIterable<Uint8Array>, options: ReadOptions): AsyncGenerator<ParsedTask> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  if (!Number.isInteger(maxRecordBytes) || maxRecordBytes < 1) {
    throw invalid('bad_option', `maxRecordBytes must be a positive integer, got ${maxRecordBytes}`, { option: 'maxRecordBytes' });
  }
  const prepared = await prepareInput(input, {
    ...(options.maxDecompressedBytes !== undefined ? { maxDecompressedBytes: options.maxDecompressedBytes } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
  });
  const format = options.format ?? detectFormat(options.fileName ?? '', prepared.head);
  const skipBadLines = options.skipBadLines ?? false;
  const outcomes = readerFor(format, prepared.chunks, maxRecordBytes, options.externalIdField, skipBadLines);

  let tasks = 0;
  let skipped = 0;
  for await (const outcome of outcomes) {
    if (outcome.ok) {
      tasks += 1;
      yield outcome.task;
      continue;
    }
    if (!skipBadLines) throw outcome.error;
    skipped += 1;
    options.onSkip?.({ line: outcome.line, message: outcome.error.message, code: outcome.error.code, details: outcome.error.details });
  }
  if (tasks === 0 && skipped === 0) {
    throw invalid('empty_file', `the ${format} file holds no tasks (it is blank${format === 'csv' || format === 'tsv' ? ' or has only a header row' : ''})`, {
      line: 1,
      byte: 0,
      format,
    });
  }
}

function readerFor(
  format: ImportFormat,
  chunks: AsyncIterable<Uint8Array>,
  maxRecordBytes: number,
  externalIdField: string | undefined,
  skipBadLines: boolean,
): AsyncGenerator<RecordOutcome> {
  switch (format) {
    case 'jsonl':
      return readJsonl(chunks, maxRecordBytes, externalIdField);
    case 'json':
      return readJsonArray(chunks, maxRecordBytes, externalIdField);
    case 'csv':
      return readDelimited(chunks, ',', { maxRecordBytes, externalIdField, skipBadLines });
    case 'tsv':
      return readDelimited(chunks, '\t', { maxRecordBytes, externalIdField, skipBadLines });
  }
}

