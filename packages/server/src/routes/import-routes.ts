import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  checkFieldLength,
  DomainError,
  importTasks,
  invalid,
  listImports,
  loadVisibleProject,
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

const FORMATS: readonly string[] = ['jsonl', 'csv', 'tsv', 'json'];

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
      'Import a task file (multipart: sourceName, sourceLicense, collectionMethod, containsPersonalInfo, legalBasis, skipBadLines, format?, externalIdField?, onConflict? (update | skip | add), fieldMap? (JSON {dataKey: column}), then file)',
    raw: true,
    handler: async ({ actor, params, request, reply }) => {
      const projectId = params.projectId!;
      await loadVisibleProject(ctx, actor!, projectId);
      if (!request.isMultipart()) throw invalid('multipart_required', 'send the file as multipart/form-data with a "file" part');
      const fields: Record<string, string> = {};
      let spooled: { file: string; name: string } | undefined;
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biaozhu-upload-'));
      try {
        for await (const part of uploadParts(request, { fileSize: config.uploadLimit, files: 1, fields: 20, fieldSize: 64 * 1024 })) {
          if (part.type === 'field') {
            fields[part.fieldname] = String(part.value);
            continue;
          }
          if (part.fieldname !== 'file') throw invalid('unexpected_file', `file part must be named "file", got "${part.fieldname.slice(0, 100)}"`);
          const target = path.join(dir, 'upload');
          await pipeline(part.file, fs.createWriteStream(target));
          if (part.file.truncated) {
            throw new DomainError('too_large', 'file_too_large', `the file is larger than ${config.uploadLimit} bytes (BIAOZHU_UPLOAD_LIMIT)`);
          }
          spooled = { file: target, name: part.filename || 'upload' };
        }
        if (!spooled) throw invalid('missing_file', 'no "file" part in the upload');
        const format = fields.format?.trim();
        if (format && !FORMATS.includes(format)) throw invalid('invalid_format', `format: one of ${FORMATS.join(', ')}`, { field: 'format' });
        for (const [field, limited] of Object.entries(LIMITED_FIELDS)) checkFieldLength(limited, fields[field], field);
        const onConflict = parseOnConflict(fields.onConflict?.trim());
        const fieldMap = parseFieldMap(fields.fieldMap?.trim());
        const contentSha256 = await sha256Of(spooled.file);
        const summary = await importTasks(ctx, actor!, projectId, readFileLazily(spooled.file), {
          fileName: spooled.name,
          ...(format ? { format: format as ImportFormat } : {}),
          ...(fields.externalIdField?.trim() ? { externalIdField: fields.externalIdField.trim() } : {}),
          skipBadLines: fields.skipBadLines === 'true',
          ...(onConflict ? { onConflict } : {}),
          ...(fieldMap ? { fieldMap } : {}),
          contentSha256,
          source: {
            name: fields.sourceName ?? '',
            license: fields.sourceLicense ?? '',
            collectionMethod: fields.collectionMethod ?? '',
            // Absent means "not said", which a project requiring a complete source record refuses.
            ...(fields.containsPersonalInfo === undefined ? {} : { containsPersonalInfo: fields.containsPersonalInfo === 'true' }),
            legalBasis: fields.legalBasis ?? '',
          },
        });
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
