import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  checkFieldLength,
  detectFileFormat,
  DomainError,
  importImages,
  importTasks,
  invalid,
  listImports,
  loadVisibleProject,
  mediaOf,
  parseFieldMap,
  parseOnConflict,
  type Context,
  type ImportFormat,
} from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { defineRoute } from '../http/route.js';
import { uploadParts } from '../http/upload-parts.js';
import type { ServerConfig } from '../config.js';
import { startImportRecovery } from '../jobs/import-recovery.js';

const FORMATS: readonly string[] = ['jsonl', 'csv', 'tsv', 'json', 'images'];

/** The most images one upload of separate files (a folder or a selection) may hold. */
const MAX_IMAGE_PARTS = 10_000;

/**
 * The form fields with a length limit, by the core field whose limit they have (IMPORT_FIELD_LIMITS), checked under
 * their form names; uploadParts has already refused any field longer than the upload's `fieldSize`.
 */
const LIMITED_FIELDS = {
  sourceName: 'source.name',
  sourceLicense: 'source.license',
  collectionMethod: 'source.collectionMethod',
  legalBasis: 'source.legalBasis',
  externalIdField: 'externalIdField',
} as const;

/**
 * Uploads are multipart: the source fields first, then the `file` part. The file is spooled to a temporary file
 * before the import starts writing, so a slow upload never holds the database. A field longer than its limit is a
 * 400 naming it and the limit, never cut. Also starts the recovery pass that settles imports whose process died.
 */
export function importRoutes(app: FastifyInstance, ctx: Context, config: ServerConfig): void {
  startImportRecovery(app, ctx);
  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/imports',
    permission: 'task.import',
    summary:
      'Import a task file (multipart: sourceName, sourceLicense, collectionMethod, containsPersonalInfo, legalBasis, skipBadLines, format?, externalIdField?, onConflict? (update | skip | add), fieldMap? (JSON {dataKey: column}), then file). ' +
      'A zip of images as `file`, or images as several `images` parts (a folder: each part named by its path in it), are stored and become tasks {image, width, height}',
    raw: true,
    handler: async ({ actor, params, request, reply }) => {
      const projectId = params.projectId!;
      await loadVisibleProject(ctx, actor!, projectId);
      if (!request.isMultipart()) throw invalid('multipart_required', 'send the file as multipart/form-data with a "file" part');
      const fields: Record<string, string> = {};
      let spooled: { file: string; name: string } | undefined;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biaozhu-upload-'));
      const imagesDir = path.join(dir, 'images');
      let imageParts = 0;
      let imageBytes = 0;
      try {
        for await (const part of uploadParts(request, { fileSize: config.uploadLimit, files: MAX_IMAGE_PARTS, fields: 20, fieldSize: 64 * 1024 }, { preservePath: true })) {
          if (part.type === 'field') {
            fields[part.fieldname] = String(part.value);
            continue;
          }
          if (part.fieldname === 'images') {
            if (spooled) throw invalid('mixed_upload', 'send either one "file" or several "images" parts, not both');
            const target = path.join(imagesDir, imagePartPath(part.filename));
            if (fs.existsSync(target)) throw invalid('duplicate_file_name', `images: "${part.filename.slice(0, 200)}" is sent twice`, { field: 'images', file: part.filename });
            fs.mkdirSync(path.dirname(target), { recursive: true });
            await pipeline(part.file, fs.createWriteStream(target));
            imageBytes += fs.statSync(target).size;
            if (part.file.truncated || imageBytes > config.uploadLimit) {
              throw new DomainError('too_large', 'file_too_large', `the images are larger than ${config.uploadLimit} bytes together (BIAOZHU_UPLOAD_LIMIT)`);
            }
            imageParts += 1;
            continue;
          }
          if (part.fieldname !== 'file') throw invalid('unexpected_file', `file part must be named "file" (or "images"), got "${part.fieldname.slice(0, 100)}"`);
          if (spooled || imageParts > 0) throw invalid('mixed_upload', 'send either one "file" or several "images" parts, not both');
          const target = path.join(dir, 'upload');
          await pipeline(part.file, fs.createWriteStream(target));
          if (part.file.truncated) {
            throw new DomainError('too_large', 'file_too_large', `the file is larger than ${config.uploadLimit} bytes (BIAOZHU_UPLOAD_LIMIT)`);
          }
          spooled = { file: target, name: path.basename(part.filename.replace(/\\/g, '/')) || 'upload' };
        }
        if (!spooled && imageParts === 0) throw invalid('missing_file', 'no "file" part in the upload');
        const format = fields.format?.trim();
        if (format && !FORMATS.includes(format)) throw invalid('invalid_format', `format: one of ${FORMATS.join(', ')}`, { field: 'format' });
        for (const [field, limited] of Object.entries(LIMITED_FIELDS)) checkFieldLength(limited, fields[field], field);
        const onConflict = parseOnConflict(fields.onConflict?.trim());
        const fieldMap = parseFieldMap(fields.fieldMap?.trim());
        const common = {
          skipBadLines: fields.skipBadLines === 'true',
          ...(onConflict ? { onConflict } : {}),
          source: {
            name: fields.sourceName ?? '',
            license: fields.sourceLicense ?? '',
            collectionMethod: fields.collectionMethod ?? '',
            // Absent means "not said", which a project requiring a complete source record refuses.
            ...(fields.containsPersonalInfo === undefined ? {} : { containsPersonalInfo: fields.containsPersonalInfo === 'true' }),
            legalBasis: fields.legalBasis ?? '',
          },
        };
        let summary;
        if (!spooled) {
          // Separate image files (a folder or a selection): read as the folder they were spooled into.
          summary = await importImages(ctx, mediaOf(ctx).store, actor!, projectId, imagesDir, { ...common, fileName: fields.folderName?.trim() || 'images' });
        } else {
          const contentSha256 = await sha256Of(spooled.file);
          const isImages = format === 'images' || (!format && (await detectFileFormat(spooled.file)) === 'images');
          summary = isImages
            ? await importImages(ctx, mediaOf(ctx).store, actor!, projectId, spooled.file, { ...common, fileName: spooled.name, contentSha256 })
            : await importTasks(ctx, actor!, projectId, readFileLazily(spooled.file), {
                ...common,
                fileName: spooled.name,
                ...(format ? { format: format as ImportFormat } : {}),
                ...(fields.externalIdField?.trim() ? { externalIdField: fields.externalIdField.trim() } : {}),
                ...(fieldMap ? { fieldMap } : {}),
                contentSha256,
              });
        }
        void reply.status(201);
        return { import: summary };
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/imports',
    permission: 'task.import',
    summary: 'Import history of a project',
    handler: async ({ actor, params }) => ({ imports: await listImports(ctx, actor!, params.projectId!) }),
  });
}

/**
 * Where an `images` part goes inside the spool folder: its file name as a relative path (a folder upload sends
 * `batch1/cat.jpg`). Names that would leave the folder (`..`, an absolute path, a drive letter) or are empty are a
 * 400 naming the part, never followed.
 */
function imagePartPath(name: string): string {
  const parts = name.replace(/\\/g, '/').split('/');
  const bad = /^[a-zA-Z]:/.test(name) || parts.some((p) => p === '' || p === '.' || p === '..');
  if (bad) {
    throw invalid('bad_file_name', `images: "${name.slice(0, 200)}" is not a file name inside the upload (no "..", no absolute paths)`, { field: 'images', file: name });
  }
  return parts.join('/');
}

/** The SHA-256 (hex) of a spooled upload: the import refuses a file the project already has under `skip`. */
async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Opens the file only when the import starts reading, so an import refused early leaves no stream behind. */
async function* readFileLazily(file: string): AsyncGenerator<Uint8Array> {
  for await (const chunk of fs.createReadStream(file)) yield chunk as Buffer;
}
