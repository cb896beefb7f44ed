import { postFormWithProgress } from '../api';
import type { ImportResult, OnConflict } from '../api-types';

/** The source record and re-import rule sent with an image upload (the same fields a task file is sent with). */
export interface ImageUploadFields {
  sourceName: string;
  sourceLicense: string;
  collectionMethod: string;
  containsPersonalInfo: boolean;
  legalBasis: string;
  skipBadLines: boolean;
  onConflict: OnConflict;
}

/**
 * What the manager picked: one zip, or separate image files (a folder, whose files carry `webkitRelativePath`, or a
 * selection of files).
 */
export type ImageSelection = { kind: 'zip'; file: File } | { kind: 'folder' | 'files'; files: File[] };

/** How the server counted the images of an image import, beside the task counts. */
export interface ImageImportResult extends ImportResult {
  images?: { stored: number; reused: number };
}

/** The path a separate image is sent under: its place in the picked folder, else its own name. */
export function imagePartName(file: File): string {
  return file.webkitRelativePath || file.name;
}

/** The name the import history shows for a folder upload: the picked folder's own name (first path segment). */
export function folderNameOf(files: readonly File[]): string | undefined {
  const first = files.find((f) => f.webkitRelativePath)?.webkitRelativePath;
  return first ? first.split('/')[0] : undefined;
}

/** The bytes a selection sends, for the size shown before uploading. */
export function selectionBytes(selection: ImageSelection): number {
  return selection.kind === 'zip' ? selection.file.size : selection.files.reduce((n, f) => n + f.size, 0);
}

/**
 * The multipart body of an image upload: the source fields first, then a zip as the `file` part (`format=images`),
 * or each separate image as an `images` part named by its path in the folder (the server stores it under that name
 * and makes it the task's external id). The File objects go in as they are, so the browser streams them from disk
 * when the form is sent: nothing is read into memory here, whatever the size.
 */
export function imageUploadForm(fields: ImageUploadFields, selection: ImageSelection): FormData {
  const form = new FormData();
  form.append('sourceName', fields.sourceName);
  form.append('sourceLicense', fields.sourceLicense);
  form.append('collectionMethod', fields.collectionMethod);
  form.append('containsPersonalInfo', String(fields.containsPersonalInfo));
  form.append('legalBasis', fields.legalBasis);
  form.append('skipBadLines', String(fields.skipBadLines));
  form.append('onConflict', fields.onConflict);
  if (selection.kind === 'zip') {
    form.append('format', 'images');
    form.append('file', selection.file, selection.file.name);
  } else {
    const folderName = folderNameOf(selection.files);
    if (folderName) form.append('folderName', folderName);
    for (const file of selection.files) form.append('images', file, imagePartName(file));
  }
  return form;
}

/** Uploads images to the project's import route (`POST /api/projects/:p/imports`), reporting upload progress. */
export function uploadImages(
  projectId: string,
  fields: ImageUploadFields,
  selection: ImageSelection,
  onProgress: (fraction: number) => void,
): Promise<ImageImportResult> {
  return postFormWithProgress(`/api/projects/${encodeURIComponent(projectId)}/imports`, imageUploadForm(fields, selection), onProgress).then(
    (body) => (body as { import: ImageImportResult }).import,
  );
}
