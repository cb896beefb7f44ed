import { Readable } from 'node:stream';
import { cocoAnnotations, cocoCategories, cocoImage } from './coco.js';
import { fileStem } from './image-file-names.js';
import type { ImageRegion, ImageSize } from './image-regions.js';
import type { ImageTarget } from './image-targets.js';
import { TempSpool } from './temp-spool.js';
import { VocAnnotations } from './voc.js';
import { WriteBatcher } from './write-batcher.js';
import { yoloClasses, yoloDataYaml, yoloLabels } from './yolo.js';
import type { ZipWriter } from './zip-writer.js';

/** One image of the export, ready to write: its task, file name, size, regions and (when included) bytes. */
export interface PreparedImage {
  taskId: number;
  externalId: string | null;
  fileName: string;
  size: ImageSize;
  regions: ImageRegion[];
  bytes: Buffer | null;
}

/** What an image export counts while it runs; the end of every file states it (export-summary.json, COCO `export_summary`). */
export interface ImageExportSummary {
  /** Tasks read. */
  tasks: number;
  /** Images written (tasks with a final answer and an image). */
  images: number;
  regions: number;
  /** Tasks left out: no final answer yet. */
  unanswered: number;
  /** Tasks left out: several answers that nobody decided between (review or aggregate them first). */
  undecided: number;
  /** Tasks left out: no image reference in their data. */
  withoutImage: number;
  /** Images written without their file (with images included): the reader did not have them, or they were too large. */
  imagesMissing: number;
}

/** Writes one format's files as images come, and its closing parts at the end. */
export interface ImageFormatWriter {
  image(image: PreparedImage): Promise<void>;
  finish(summary: ImageExportSummary): Promise<void>;
  /** Deletes what the writer spooled (called whether the export finished or not). */
  dispose(): void;
}

/** Where the text of a COCO JSON file goes as it is made. */
export type TextSink = (text: string | Buffer) => Promise<void>;

/**
 * COCO JSON streamed: the head and `categories` at once, each image's `images` element as it comes, its
 * `annotations` spooled to a temp file (the two arrays cannot be written at the same time) and appended after
 * `images` ends, then `export_summary`. With images, the JSON is spooled too and becomes `annotations.json` after
 * the `images/` files of the zip.
 */
export class CocoWriter implements ImageFormatWriter {
  private readonly annotations: TempSpool;
  private readonly json: TempSpool | null;
  /** Without images: the JSON's text gathered into chunks before it goes to the stream. */
  private readonly text: WriteBatcher | null;
  private firstImage = true;
  private nextAnnotationId = 1;
  private readonly emit: TextSink;

  constructor(
    private readonly target: ImageTarget,
    tempDir: string,
    private readonly out: { zip: ZipWriter } | { text: TextSink },
    exportedAt: Date,
  ) {
    this.annotations = new TempSpool(tempDir, 'coco-annotations');
    const json = 'zip' in out ? new TempSpool(tempDir, 'coco') : null;
    this.json = json;
    this.text = json === null ? new WriteBatcher((out as { text: TextSink }).text) : null;
    const text = this.text;
    this.emit = json !== null ? (t) => json.write(t) : (t) => text!.write(t);
    const info = { description: 'Biaozhu export', version: '1.0', year: exportedAt.getUTCFullYear(), date_created: exportedAt.toISOString() };
    this.head = `{"info":${JSON.stringify(info)},"licenses":[],"categories":${JSON.stringify(cocoCategories(target.categories))},"images":[`;
  }

  private readonly head: string;
  private started = false;

  async image(image: PreparedImage): Promise<void> {
    if (!this.started) await this.start();
    if (image.bytes !== null && 'zip' in this.out) await this.out.zip.add(`images/${image.fileName}`, image.bytes, { compress: false });
    await this.emit((this.firstImage ? '\n' : ',\n') + cocoImage(image.taskId, image.fileName, image.size, image.externalId));
    let annotations = '';
    for (const a of cocoAnnotations(image.taskId, image.regions, this.nextAnnotationId)) {
      annotations += (this.nextAnnotationId === 1 ? '\n' : ',\n') + a;
      this.nextAnnotationId++;
    }
    if (annotations !== '') await this.annotations.write(annotations);
    this.firstImage = false;
  }

  async finish(summary: ImageExportSummary): Promise<void> {
    if (!this.started) await this.start();
    const tail = `\n],"export_summary":${JSON.stringify(summary)}}\n`;
    const annotations = await this.annotations.read();
    if (this.json === null) {
      await this.emit('\n],"annotations":[');
      for await (const chunk of annotations) await this.emit(chunk as Buffer);
      await this.emit(tail);
      await this.text?.flush();
      return;
    }
    await this.emit('\n],"annotations":[');
    const json = this.json;
    const head = await json.read();
    async function* whole(): AsyncGenerator<Buffer> {
      for await (const chunk of head) yield chunk as Buffer;
      for await (const chunk of annotations) yield chunk as Buffer;
      yield Buffer.from(tail);
    }
    if ('zip' in this.out) await this.out.zip.addStream('annotations.json', Readable.from(whole(), { objectMode: false }));
  }

  dispose(): void {
    this.annotations.remove();
    this.json?.remove();
  }

  private async start(): Promise<void> {
    this.started = true;
    await this.emit(this.head);
  }
}

/** YOLO in a zip: `classes.txt` and `data.yaml` first, then `labels/<stem>.txt` (and `images/<file>`) per image. */
export class YoloWriter implements ImageFormatWriter {
  private started = false;
  constructor(
    private readonly target: ImageTarget,
    private readonly zip: ZipWriter,
  ) {}

  async image(image: PreparedImage): Promise<void> {
    if (!this.started) await this.start();
    if (image.bytes !== null) await this.zip.add(`images/${image.fileName}`, image.bytes, { compress: false });
    await this.zip.add(`labels/${fileStem(image.fileName)}.txt`, yoloLabels(image.regions, image.size, this.target.polygons));
  }

  async finish(summary: ImageExportSummary): Promise<void> {
    if (!this.started) await this.start();
    await this.zip.add('export-summary.json', JSON.stringify(summary, null, 2) + '\n');
  }

  dispose(): void {}

  private async start(): Promise<void> {
    this.started = true;
    await this.zip.add('classes.txt', yoloClasses(this.target.categories));
    await this.zip.add('data.yaml', yoloDataYaml(this.target.categories));
  }
}

/**
 * Pascal VOC in a zip: `Annotations/<stem>.xml` (and `JPEGImages/<file>`) per image, then `labels.txt` (the
 * categories in config order) and `ImageSets/Main/default.txt` (every image's stem, spooled while the images come).
 */
export class VocWriter implements ImageFormatWriter {
  private readonly list: TempSpool;
  private readonly annotations: VocAnnotations;
  constructor(
    private readonly target: ImageTarget,
    private readonly zip: ZipWriter,
    tempDir: string,
  ) {
    this.list = new TempSpool(tempDir, 'voc-list');
    this.annotations = new VocAnnotations(target.categories);
  }

  async image(image: PreparedImage): Promise<void> {
    const stem = fileStem(image.fileName);
    if (image.bytes !== null) await this.zip.add(`JPEGImages/${image.fileName}`, image.bytes, { compress: false });
    await this.zip.add(`Annotations/${stem}.xml`, this.annotations.xml(image.fileName, image.size, image.regions));
    await this.list.write(stem + '\n');
  }

  async finish(summary: ImageExportSummary): Promise<void> {
    await this.zip.add('labels.txt', this.target.categories.map((c) => c.name + '\n').join(''));
    await this.zip.addStream('ImageSets/Main/default.txt', await this.list.read());
    await this.zip.add('export-summary.json', JSON.stringify(summary, null, 2) + '\n');
  }

  dispose(): void {
    this.list.remove();
  }
}
