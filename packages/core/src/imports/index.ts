/**
 * Task file readers: every import format becomes a stream of {@link ParsedTask}s, with bad records named by line.
 * See docs/import-formats.md.
 */
export type { ImportFormat, ImportedAnnotation, ImportedPrediction, ParsedTask, ReadOptions, SkippedLine } from './types.js';
export { DEFAULT_MAX_DECOMPRESSED_BYTES, GZIP_RATIO_GRACE_BYTES, MAX_GZIP_RATIO } from './byte-source.js';
export { DEFAULT_MAX_RECORD_BYTES, detectFormat, readTasks } from './read-tasks.js';
export { readParquet, type AsyncBuffer, type ParquetReadOptions } from './parquet-reader.js';
export { readImageFolder, readImageZip, type ImageFile, type ImageReadOptions, type SaveImage } from './image-reader.js';
export { detectFileFormat, readTasksFromFile, type FileImportFormat, type FileReadOptions } from './file-reader.js';
