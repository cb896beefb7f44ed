import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { asyncBufferFromFile } from 'hyparquet';
import { invalid } from '../errors.js';
import { readImageFolder, readImageZip, type ImageReadOptions } from './image-reader.js';
import { readParquet } from './parquet-reader.js';
import { readTasks } from './read-tasks.js';
import type { ImportFormat, ParsedTask, ReadOptions } from './types.js';

/** Every format a file or folder on disk can be imported from. */
export type FileImportFormat = ImportFormat | 'parquet' | 'images';

/** Options for {@link readTasksFromFile}: the stream options plus where images are stored. */
export type FileReadOptions = Omit<ReadOptions, 'format'> & Pick<ImageReadOptions, 'saveImage' | 'maxImageBytes'> & { format?: FileImportFormat };

/**
 * Decides how to read a path: a folder is a folder of images; otherwise the first bytes decide between a zip of
 * images (`PK`), Parquet (`PAR1`) and the streamed text formats, with `.parquet` and `.zip` extensions as hints.
 */
export async function detectFileFormat(path: string): Promise<FileImportFormat | 'stream'> {
  const info = await stat(path);
  if (info.isDirectory()) return 'images';
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    const magic = head.subarray(0, bytesRead).toString('latin1');
    if (magic === 'PK\u0003\u0004' || magic === 'PK\u0005\u0006') return 'images';
    if (magic === 'PAR1') return 'parquet';
  } finally {
    await handle.close();
  }
  const lower = path.toLowerCase();
  if (lower.endsWith('.parquet')) return 'parquet';
  if (lower.endsWith('.zip')) return 'images';
  return 'stream';
}

/**
 * Reads tasks from a file or folder on disk in any supported format: one entry point for the import job and the
 * CLI. Text formats (JSONL, CSV, TSV, JSON, gzipped or not) are streamed through {@link readTasks}; Parquet and zip
 * archives need random access and are read in place; a folder is read as images.
 */
export async function* readTasksFromFile(path: string, options: FileReadOptions = {}): AsyncGenerator<ParsedTask> {
  let format: FileImportFormat | 'stream';
  try {
    format = options.format ?? (await detectFileFormat(path));
  } catch (error) {
    throw invalid('unreadable_file', `${path} could not be opened: ${(error as Error).message}`, {});
  }
  const { format: _ignored, saveImage, maxImageBytes, ...common } = options;
  switch (format) {
    case 'parquet':
      yield* readParquet(await asyncBufferFromFile(path), common);
      return;
    case 'images': {
      const imageOptions: ImageReadOptions = {
        ...(saveImage !== undefined ? { saveImage } : {}),
        ...(maxImageBytes !== undefined ? { maxImageBytes } : {}),
        ...(common.skipBadLines !== undefined ? { skipBadLines: common.skipBadLines } : {}),
        ...(common.onSkip !== undefined ? { onSkip: common.onSkip } : {}),
        ...(common.onProgress !== undefined ? { onProgress: common.onProgress } : {}),
        ...(common.maxDecompressedBytes !== undefined ? { maxDecompressedBytes: common.maxDecompressedBytes } : {}),
      };
      const info = await stat(path);
      yield* info.isDirectory() ? readImageFolder(path, imageOptions) : readImageZip(path, imageOptions);
      return;
    }
    case 'stream':
    case 'jsonl':
    case 'csv':
    case 'tsv':
    case 'json':
      yield* readTasks(createReadStream(path, { highWaterMark: 256 * 1024 }), {
        ...common,
        fileName: common.fileName ?? path,
        ...(format === 'stream' ? {} : { format }),
      });
      return;
  }
}
