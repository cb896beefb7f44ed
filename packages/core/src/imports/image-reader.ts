import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { imageSize } from 'image-size';
import yauzl from 'yauzl';
import { DomainError, invalid } from '../errors.js';
import { printable } from '../storable-value.js';
import { badRecord, unstorableRecord, type RecordLocation } from './task-record.js';
import type { ParsedTask, RecordOutcome, SkippedLine } from './types.js';

/** One image found in an archive or folder, handed to {@link ImageReadOptions.saveImage}. */
export interface ImageFile {
  /** Path inside the archive or folder, with `/` separators, e.g. `batch1/cat.jpg`. */
  name: string;
  bytes: Uint8Array;
  width: number;
  height: number;
  /** The format found in the bytes: `jpg`, `png`, `webp`... */
  type: string;
}

/**
 * Stores one image where the annotation workspace can load it and returns what goes into the task's `image` field
 * (a URL such as `/api/media/42/cat.jpg`, or a storage key). The import job supplies it; the reader does no I/O of
 * its own besides reading the upload.
 */
export type SaveImage = (file: ImageFile) => Promise<string>;

/** Options for {@link readImageZip} and {@link readImageFolder}. */
export interface ImageReadOptions {
  /** Where images are stored; without it, `image` is the file's path inside the archive or folder. */
  saveImage?: SaveImage;
  skipBadLines?: boolean;
  /** Gets bad images when `skipBadLines` is set, and always gets files that are ignored because they are not images. */
  onSkip?: (skipped: SkippedLine) => void;
  /** Called with the number of (compressed) bytes read so far. */
  onProgress?: (bytesRead: number) => void;
  /** The largest single image accepted; default 64 MiB. */
  maxImageBytes?: number;
  /** The most bytes all images together may hold once unpacked; default 2 GiB. */
  maxDecompressedBytes?: number;
}

const DEFAULT_MAX_IMAGE_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_TOTAL_BYTES = 2 * 1024 ** 3;
/** Raster formats browsers show in an `<img>`. SVG is left out on purpose: it can carry scripts. */
const IMAGE_EXTENSIONS = new Set(['jpg', 'jpeg', 'png', 'gif', 'webp', 'bmp', 'tif', 'tiff', 'avif', 'heic', 'heif']);
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini']);

/** True for names that archivers and operating systems add (`__MACOSX/`, `.DS_Store`, `Thumbs.db`). */
function isSystemFile(name: string): boolean {
  const parts = name.split('/');
  const base = (parts[parts.length - 1] ?? '').toLowerCase();
  return parts.some((p) => p.startsWith('.') || p === '__MACOSX') || SYSTEM_FILES.has(base);
}

function isImageName(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot !== -1 && IMAGE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

/** A file seen while listing an archive or folder: either read it, or say why not. */
interface Candidate {
  name: string;
  size: number;
  read: () => Promise<Uint8Array>;
}

/**
 * Reads a zip of images (the usual way vendors receive image data sets) entry by entry with yauzl, which reads the
 * central directory and inflates one entry at a time, so memory is bounded by the largest image. Each image becomes
 * a task `{ image, width, height }`; its path inside the archive is the task's external id. Names that escape the
 * archive (`../`) are refused by yauzl, and declared sizes are verified, so a zip bomb stops at the limits.
 */
export async function* readImageZip(zipPath: string, options: ImageReadOptions = {}): AsyncGenerator<ParsedTask> {
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: true });
  } catch (error) {
    throw invalid('bad_zip', `the file is not a readable zip archive: ${(error as Error).message}`, { line: 1, byte: 0 });
  }
  async function* candidates(): AsyncGenerator<Candidate> {
    for (;;) {
      let entry: yauzl.Entry | undefined;
      try {
        entry = await nextEntry(zip);
      } catch (error) {
        throw zipEntryError(error as Error);
      }
      if (entry === undefined) return;
      if (entry.fileName.endsWith('/')) continue;
      const current = entry;
      yield {
        name: current.fileName,
        size: current.uncompressedSize,
        read: async () => {
          if (current.isEncrypted()) throw new Error('the entry is encrypted');
          const stream = await zip.openReadStreamPromise(current);
          return readAll(stream);
        },
      };
      options.onProgress?.(Number(current.compressedSize) + Number(current.relativeOffsetOfLocalHeader));
    }
  }
  try {
    yield* readImages(candidates(), options);
  } finally {
    zip.close();
  }
}

/**
 * Reads a folder of images (an upload unpacked on the server, or a mounted disk) recursively in name order, without
 * following symbolic links, so an import never reads outside the folder. Each image becomes `{ image, width, height }`.
 */
export async function* readImageFolder(folder: string, options: ImageReadOptions = {}): AsyncGenerator<ParsedTask> {
  let bytesRead = 0;
  async function* walk(dir: string, prefix: string): AsyncGenerator<Candidate> {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const path = join(dir, name);
      const relative = prefix === '' ? name : `${prefix}/${name}`;
      const stat = await lstat(path);
      if (stat.isSymbolicLink()) continue;
      if (stat.isDirectory()) {
        if (!isSystemFile(relative)) yield* walk(path, relative);
        continue;
      }
      if (!stat.isFile()) continue;
      yield {
        name: relative,
        size: stat.size,
        read: async () => {
          const bytes = await readFile(path);
          bytesRead += bytes.length;
          options.onProgress?.(bytesRead);
          return bytes;
        },
      };
    }
  }
  try {
    const stat = await lstat(folder);
    if (!stat.isDirectory()) throw new Error('not a folder');
  } catch (error) {
    throw invalid('bad_folder', `${folder} is not a readable folder: ${(error as Error).message}`, {});
  }
  yield* readImages(walk(folder, ''), options);
}

async function* readImages(files: AsyncIterable<Candidate>, options: ImageReadOptions): AsyncGenerator<ParsedTask> {
  const maxImageBytes = options.maxImageBytes ?? DEFAULT_MAX_IMAGE_BYTES;
  const maxTotal = options.maxDecompressedBytes ?? DEFAULT_MAX_TOTAL_BYTES;
  let total = 0;
  let line = 0;
  let images = 0;
  let skipped = 0;
  for await (const file of files) {
    if (isSystemFile(file.name)) continue;
    line += 1;
    if (!isImageName(file.name)) {
      options.onSkip?.({
        line,
        message: `${file.name}: not an image file (ignored); images are ${[...IMAGE_EXTENSIONS].join(', ')}`,
        code: 'not_an_image',
        details: { file: file.name, extensions: [...IMAGE_EXTENSIONS] },
      });
      continue;
    }
    if (file.size <= maxImageBytes) total += file.size;
    if (total > maxTotal) {
      throw new DomainError('too_large', 'decompressed_too_large', `the images hold more than ${maxTotal} bytes, the limit (at ${file.name})`, {
        limit: maxTotal,
        line,
      });
    }
    const outcome = await readImage(file, line, maxImageBytes, options.saveImage);
    if (outcome.ok) {
      images += 1;
      yield outcome.task;
    } else if (options.skipBadLines === true) {
      skipped += 1;
      options.onSkip?.({ line, message: outcome.error.message, code: outcome.error.code, details: outcome.error.details });
    } else {
      throw outcome.error;
    }
  }
  if (images === 0 && skipped === 0) throw invalid('empty_file', 'no images found (jpg, png, gif, webp, bmp, tiff, avif, heic)', { line: 1 });
}

async function readImage(file: Candidate, line: number, maxImageBytes: number, saveImage: SaveImage | undefined): Promise<RecordOutcome> {
  const at: RecordLocation = { line, where: printable(file.name), details: { line, file: printable(file.name) } };
  // The name becomes the task's external id: it must be storable text.
  const unstorable = unstorableRecord({ fileName: file.name }, at);
  if (unstorable !== undefined) return unstorable;
  if (file.size > maxImageBytes) {
    return {
      ok: false,
      line,
      error: new DomainError('too_large', 'record_too_large', `${file.name}: the image is ${file.size} bytes, over the limit of ${maxImageBytes}`, {
        line,
        file: file.name,
        limit: maxImageBytes,
      }),
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = await file.read();
  } catch (error) {
    return badRecord(at, 'unreadable_file', `the file could not be read: ${(error as Error).message}`);
  }
  let size: { width: number; height: number; type?: string; orientation?: number };
  try {
    size = imageSize(bytes);
  } catch (error) {
    return badRecord(at, 'bad_image', `not a readable image: ${(error as Error).message}`);
  }
  // EXIF orientations 5-8 rotate by 90 degrees: browsers show the image with width and height swapped.
  const rotated = size.orientation !== undefined && size.orientation >= 5 && size.orientation <= 8;
  const width = rotated ? size.height : size.width;
  const height = rotated ? size.width : size.height;
  const image = saveImage === undefined ? file.name : await saveImage({ name: file.name, bytes, width, height, type: size.type ?? 'unknown' });
  return { ok: true, task: { line, data: { image, width, height }, externalId: file.name } };
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry) => {
      cleanup();
      resolve(entry);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

async function readAll(stream: Readable): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** yauzl's refusals of an entry's name: a path out of the archive, an absolute path, a backslash or NUL in it. */
const UNSAFE_ENTRY_NAME = /^(invalid relative path|absolute path|invalid characters in fileName): ([\s\S]*)$/;

/**
 * The 400 for a zip entry yauzl refused: an unsafe name is named (printable, cut to 200 characters) with the field
 * `file`, as a bad name in a folder upload is; anything else is a damaged archive. Nothing has been stored then.
 */
function zipEntryError(error: Error): DomainError {
  const unsafe = UNSAFE_ENTRY_NAME.exec(error.message);
  if (unsafe) {
    const entry = printable(unsafe[2] ?? '').slice(0, 200);
    return invalid('bad_zip', `file: the zip entry "${entry}" is not a file name inside the archive (no "..", no absolute paths, no backslashes or NUL); nothing was imported`, { field: 'file', entry });
  }
  return invalid('bad_zip', `the zip archive is damaged: ${error.message}`, {});
}
