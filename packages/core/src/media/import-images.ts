import type { Actor, Context } from '../context.js';
import { readTasksFromFile } from '../imports/index.js';
import { importTasks, type ImportOptions, type ImportSummary } from '../tasks/import-tasks.js';
import { mediaUrl } from './media-url.js';
import type { MediaStore } from './media-store.js';
import { forgetImages, storeImage } from './store-image.js';

/** Options of {@link importImages}: those of a task import, less what an image archive does not have. */
export type ImageImportOptions = Omit<ImportOptions, 'format' | 'readRecords' | 'externalIdField' | 'fieldMap'> & {
  /** The largest single image accepted (default 64 MiB, the image reader's). */
  maxImageBytes?: number;
  /** The most bytes all images together may hold once unpacked (default 2 GiB). */
  maxDecompressedBytes?: number;
};

/** An image import's summary: the task counts, and how many images were new to the project's store. */
export type ImageImportSummary = ImportSummary & {
  images: {
    /** Images this import stored (new media rows). */
    stored: number;
    /** Images whose bytes the project already held (an earlier upload, or twice in this one): stored once. */
    reused: number;
  };
};

/**
 * Imports a zip of images or a folder of images as tasks of a project: each image is stored in the media store (once
 * per content) and becomes a task `{ image: "/api/projects/<id>/media/<mediaId>", width, height }` whose external id
 * is its path in the upload, so importing the same archive again is recognised. The import is whole or nothing: if
 * it fails (a bad image without `skipBadLines`, a zip bomb, a damaged archive), the images it stored are taken back.
 */
export async function importImages(
  ctx: Context,
  store: MediaStore,
  actor: Actor,
  projectId: number,
  path: string,
  options: ImageImportOptions,
): Promise<ImageImportSummary> {
  const created: number[] = [];
  let reused = 0;
  const { maxImageBytes, maxDecompressedBytes, ...importOptions } = options;
  try {
    const summary = await importTasks(ctx, actor, projectId, emptyInput(), {
      ...importOptions,
      format: 'images',
      readRecords: ({ onSkip }) =>
        readTasksFromFile(path, {
          format: 'images',
          skipBadLines: options.skipBadLines ?? false,
          onSkip,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          ...(maxImageBytes !== undefined ? { maxImageBytes } : {}),
          ...(maxDecompressedBytes !== undefined ? { maxDecompressedBytes } : {}),
          saveImage: async (file) => {
            const stored = await storeImage(ctx, store, actor, projectId, file);
            if (stored.created) created.push(stored.id);
            else reused += 1;
            return mediaUrl(projectId, stored.id);
          },
        }),
    });
    return { ...summary, images: { stored: created.length, reused } };
  } catch (error) {
    await forgetImages(ctx, store, created);
    throw error;
  }
}

async function* emptyInput(): AsyncGenerator<Uint8Array> {}
