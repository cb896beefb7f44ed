import os from 'node:os';
import { PassThrough, type Readable } from 'node:stream';
import { imageSize } from 'image-size';
import type { LabelConfig } from '@biaozhu/contract';
import type { Database, Kysely } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { filteredTaskIds, type TaskFilter } from '../tasks/task-filter.js';
import { exportInSnapshot } from './export-in-snapshot.js';
import { finalAnswers } from './final-answer.js';
import { CocoWriter, VocWriter, YoloWriter, type ImageExportSummary, type ImageFormatWriter, type PreparedImage } from './image-format-writers.js';
import { ImageFileNames } from './image-file-names.js';
import { readImageBytes, type ImageReader } from './image-reader.js';
import { imageRegions } from './image-regions.js';
import { imageTarget, type ImageTarget } from './image-targets.js';
import { taskCandidatePages, type TaskCandidates } from './task-candidates.js';
import { writeWithBackpressure } from './stream-write.js';
import { ZipWriter } from './zip-writer.js';

export type { ImageExportSummary } from './image-format-writers.js';

export const IMAGE_EXPORT_FORMATS = ['coco', 'yolo', 'voc'] as const;
export type ImageExportFormat = (typeof IMAGE_EXPORT_FORMATS)[number];

export function isImageExportFormat(value: unknown): value is ImageExportFormat {
  return typeof value === 'string' && (IMAGE_EXPORT_FORMATS as readonly string[]).includes(value);
}

/** How an image export runs. */
export interface ImageExportOptions {
  /** Put the image files in the zip beside the annotations (read through `readImage`). Default false. */
  includeImages?: boolean;
  /** Where image bytes come from (image-reader.ts); required with `includeImages`. */
  readImage?: ImageReader;
  /** Where the export spools its parts (COCO's annotations, VOC's list); default the system's temp folder. */
  tempDir?: string;
  /** Stops the export (a cancelled or stopped job); the stream then fails. */
  signal?: AbortSignal;
  /** Called after each page of tasks (up to 1,000) with the tasks read so far and the project's task count. */
  onProgress?: (done: number, total: number) => void;
  /** Called once the whole export is written, with what it holds and left out. */
  onSummary?: (summary: ImageExportSummary) => void;
  /** Larger images are left out (counted as missing). Default 200 MB. */
  maxImageBytes?: number;
  /** Only the tasks the task browser's filter matches (task-filter.ts), as in the other formats (export-project.ts). */
  filter?: TaskFilter | undefined;
}

/** The file an image export makes: COCO without images is one JSON file, everything else a zip. */
export function imageExportFile(format: ImageExportFormat, includeImages: boolean): { extension: string; contentType: string } {
  return format === 'coco' && !includeImages
    ? { extension: 'coco.json', contentType: 'application/json; charset=utf-8' }
    : { extension: `${format}.zip`, contentType: 'application/zip' };
}

/**
 * Refuses, before any byte is written, a project whose label config draws no regions on an image (the image
 * formats would have nothing to write), and images asked for without a reader of them. Returns what the export reads.
 */
export function checkImageExport(labelConfig: string, format: ImageExportFormat, options: Pick<ImageExportOptions, 'includeImages' | 'readImage'> = {}): ImageTarget {
  const target = imageTarget(JSON.parse(labelConfig) as LabelConfig);
  if (target === null) {
    throw invalid('format_not_applicable', `format: ${format} needs rectangles, polygons or keypoints on an image in the label config; this project has none`, {
      field: 'format',
      format,
    });
  }
  if (options.includeImages === true && options.readImage === undefined) throw new Error('an image export with images needs an image reader');
  return target;
}

/** Images read ahead of the one being written (downloads overlap; each is held whole until written). */
const READ_AHEAD = 4;

/**
 * A project's image annotations as COCO, YOLO or Pascal VOC (docs/export-formats.md), streamed: bytes of a JSON file
 * (COCO without images) or of a zip, made task by task from one snapshot (export-in-snapshot.ts: audited, the
 * project checked for the actor) with memory flat in the project's size. Each task gives one image with the regions
 * of its final answer (final-answer.ts, as the other exports choose it); tasks without one, with several undecided
 * answers or without an image are left out and counted in the summary the file ends with. Image files are named by
 * image-file-names.ts; with `includeImages` their bytes are read through `readImage`, a few ahead.
 */
export function exportImageProject(ctx: Context, actor: Actor, projectId: number, format: ImageExportFormat, options: ImageExportOptions = {}): AsyncGenerator<Buffer> {
  const includeImages = options.includeImages === true;
  let total = 0;
  const countRows = async (db: Kysely<Database>) => {
    let tasks = db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId);
    if (options.filter !== undefined) tasks = tasks.where('id', 'in', filteredTaskIds(db, projectId, options.filter));
    const row = await tasks.executeTakeFirstOrThrow();
    total = Number(row.n);
    return total;
  };
  return exportInSnapshot(ctx, actor, projectId, { content: 'tasks', format, countRows, details: { images: includeImages ? 'included' : 'left out', ...(options.filter !== undefined ? { filter: options.filter } : {}) } }, async function* (db, project) {
    const target = checkImageExport(project.label_config, format, options);
    const pages = taskCandidatePages(db, actor, projectId, options.filter);
    const tempDir = options.tempDir ?? os.tmpdir();
    const exportedAt = new Date(ctx.now());
    const zip = format === 'coco' && !includeImages ? null : new ZipWriter(exportedAt);
    // As deep as the zip's buffer (zip-writer.ts), so the producer of a COCO file does not stop at every chunk.
    const text = zip === null ? new PassThrough({ highWaterMark: 1024 * 1024 }) : null;
    const output: Readable = zip?.output ?? text!;
    const writer: ImageFormatWriter =
      format === 'coco'
        ? new CocoWriter(target, tempDir, zip !== null ? { zip } : { text: (t) => writeWithBackpressure(text!, t) }, exportedAt)
        : format === 'yolo'
          ? new YoloWriter(target, zip!)
          : new VocWriter(target, zip!, tempDir);
    const stop = new AbortController();
    const signal = options.signal === undefined ? stop.signal : AbortSignal.any([stop.signal, options.signal]);
    const producing = produce(pages, target, writer, { ...options, includeImages, signal, total: () => total })
      .then(async () => {
        if (zip !== null) await zip.end();
        else text!.end();
      })
      .catch((error: unknown) => {
        output.destroy(error instanceof Error ? error : new Error(String(error)));
      });
    try {
      for await (const chunk of output) yield chunk as Buffer;
    } finally {
      // Reached at the end, on failure and when the reader went away: the producer stops before the snapshot closes.
      stop.abort('abandoned');
      zip?.abort();
      output.destroy();
      await producing;
      writer.dispose();
    }
  });
}

async function produce(
  pages: AsyncGenerator<TaskCandidates[]>,
  target: ImageTarget,
  writer: ImageFormatWriter,
  options: ImageExportOptions & { includeImages: boolean; signal: AbortSignal; total: () => number },
): Promise<void> {
  const summary: ImageExportSummary = { tasks: 0, images: 0, regions: 0, unanswered: 0, undecided: 0, withoutImage: 0, imagesMissing: 0 };
  const names = new ImageFileNames();
  const maxBytes = options.maxImageBytes ?? 200 * 1024 * 1024;
  const ahead: Promise<PreparedImage>[] = [];
  const write = async (image: PreparedImage) => {
    if (options.includeImages && image.bytes === null) summary.imagesMissing++;
    summary.images++;
    summary.regions += image.regions.length;
    await writer.image(image);
  };
  try {
    for await (const page of pages) {
      for (const item of page) {
        if (options.signal.aborted) throw new Error(`image export stopped (${String(options.signal.reason)})`);
        summary.tasks++;
        const prepared = prepare(item, target, names, summary);
        if (prepared === null) continue;
        // Without images a task's files are written at once (no promise per task); with them, a few reads run ahead.
        if (!options.includeImages) {
          await write(prepared.image);
          continue;
        }
        ahead.push(readImageBytes(options.readImage!, prepared.reference, options.signal, maxBytes).then((bytes) => withBytes(prepared.image, bytes)));
        if (ahead.length >= READ_AHEAD) await write(await ahead.shift()!);
      }
      options.onProgress?.(summary.tasks, options.total());
    }
    while (ahead.length > 0) await write(await ahead.shift()!);
    await writer.finish(summary);
    options.onSummary?.(summary);
  } finally {
    // Reads still under way when the export failed are awaited so that none outlives it.
    await Promise.allSettled(ahead);
  }
}

/** The task's image with the regions of its final answer, or null (counted) when the task gives none. */
function prepare(item: TaskCandidates, target: ImageTarget, names: ImageFileNames, summary: ImageExportSummary): { image: PreparedImage; reference: string } | null {
  const reference = item.data[target.dataKey];
  if (typeof reference !== 'string' || reference === '') {
    summary.withoutImage++;
    return null;
  }
  const finals = finalAnswers(item.candidates, target.controls);
  if (finals.length !== 1) {
    if (finals.length === 0) summary.unanswered++;
    else summary.undecided++;
    return null;
  }
  const { size, regions } = imageRegions(finals[0]!.result, target, target.categoryOf);
  const fileName = names.name(item.id, reference);
  return { reference, image: { taskId: item.id, externalId: item.externalId, fileName, size, regions, bytes: null } };
}

/** The image with its bytes, and its size from them when no region stated it. */
function withBytes(image: PreparedImage, bytes: Buffer | null): PreparedImage {
  if (bytes === null) return image;
  let size = image.size;
  if (size.width === 0) {
    try {
      const measured = imageSize(bytes);
      size = { width: measured.width, height: measured.height };
    } catch {
      // not an image format image-size knows: the size stays unknown (0)
    }
  }
  return { ...image, size, bytes };
}
