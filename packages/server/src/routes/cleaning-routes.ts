import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  cancelCleaningJob,
  DomainError,
  getCleaningJob,
  getCleaningReport,
  getIntakeSettings,
  invalid,
  listCleaningJobs,
  loadVisibleProject,
  newSpoolDir,
  queueCleaningJob,
  removeSpoolDir,
  updateIntakeSettings,
  type Context,
  type FileImportFormat,
} from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { PII_KINDS } from '@biaozhu/contract';
import { z } from 'zod';
import { defineRoute } from '../http/route.js';
import { uploadParts } from '../http/upload-parts.js';
import type { JobQueue } from '../jobs/background-jobs.js';

const FORMATS: readonly string[] = ['jsonl', 'csv', 'tsv', 'json', 'parquet'];
const UPLOAD_LIMIT = Number(process.env.BIAOZHU_UPLOAD_LIMIT) || 2 * 1024 ** 3;

const settingsBody = z.strictObject({
  requireCompleteSource: z.boolean().optional(),
  keepOriginal: z.boolean().optional(),
  originalKey: z.string().min(1).max(64).optional(),
  /** The personal information every import redacts; null turns it off. */
  redactPii: z
    .strictObject({ kinds: z.array(z.enum(PII_KINDS)).min(1).max(PII_KINDS.length), mode: z.enum(['mask', 'placeholder']) })
    .nullable()
    .optional(),
});

/** Routes of the data-intake module: provenance rules, cleaning jobs, their progress and reports. */
export function cleaningRoutes(app: FastifyInstance, ctx: Context, jobs: JobQueue): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/intake-settings',
    permission: 'project.read',
    summary: 'Intake settings of a project: required source record, originals kept or discarded, personal information every import redacts',
    handler: async ({ actor, params }) => ({ settings: await getIntakeSettings(ctx, actor!, params.projectId!) }),
  });

  defineRoute(app, {
    method: 'PUT',
    url: '/api/projects/:projectId/intake-settings',
    permission: 'project.manage',
    summary: 'Change intake settings (audited)',
    body: settingsBody,
    handler: async ({ actor, params, body }) => ({
      settings: await updateIntakeSettings(ctx, actor!, params.projectId!, {
        ...(body.requireCompleteSource !== undefined ? { requireCompleteSource: body.requireCompleteSource } : {}),
        ...(body.keepOriginal !== undefined ? { keepOriginal: body.keepOriginal } : {}),
        ...(body.originalKey !== undefined ? { originalKey: body.originalKey } : {}),
        ...(body.redactPii !== undefined ? { redactPii: body.redactPii } : {}),
      }),
    }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/cleaning-jobs',
    permission: 'task.import',
    summary:
      'Upload a file to clean and import as a background job (multipart: pipeline (JSON), sourceName, sourceLicense, collectionMethod, containsPersonalInfo, legalBasis, skipBadLines?, format?, externalIdField?, then file)',
    raw: true,
    responses: { 202: 'the queued job' },
    handler: async ({ actor, params, request, reply }) => {
      const projectId = params.projectId!;
      await loadVisibleProject(ctx, actor!, projectId);
      if (!request.isMultipart()) throw invalid('multipart_required', 'send the file as multipart/form-data with a "file" part');
      const fields: Record<string, string> = {};
      const dir = newSpoolDir(ctx.db);
      let uploadPath: string | undefined;
      let fileName = 'upload';
      try {
        for await (const part of uploadParts(request, { fileSize: UPLOAD_LIMIT, files: 1, fields: 20, fieldSize: 1024 * 1024 })) {
          if (part.type === 'field') {
            fields[part.fieldname] = String(part.value);
            continue;
          }
          if (part.fieldname !== 'file') throw invalid('unexpected_file', `file part must be named "file", got "${part.fieldname}"`);
          fileName = part.filename || 'upload';
          const ext = path.extname(fileName).replace(/[^.a-zA-Z0-9]/g, '').slice(0, 12);
          const target = path.join(dir, `upload${ext}`);
          await pipeline(part.file, fs.createWriteStream(target));
          if (part.file.truncated) throw new DomainError('too_large', 'file_too_large', `the file is larger than ${UPLOAD_LIMIT} bytes (BIAOZHU_UPLOAD_LIMIT)`);
          uploadPath = target;
        }
        if (!uploadPath) throw invalid('missing_file', 'no "file" part in the upload');
        const format = fields.format?.trim();
        if (format && !FORMATS.includes(format)) throw invalid('invalid_format', `format: one of ${FORMATS.join(', ')}`, { field: 'format' });
        let pipelineConfig: unknown;
        try {
          pipelineConfig = JSON.parse(fields.pipeline ?? '');
        } catch {
          throw invalid('invalid_pipeline', 'pipeline: a JSON cleaning config ({"steps": [...]}, see docs/cleaning.md)', { field: 'pipeline' });
        }
        const pi = fields.containsPersonalInfo;
        const job = await queueCleaningJob(ctx, actor!, projectId, {
          dir,
          uploadPath,
          fileName,
          ...(format ? { format: format as FileImportFormat } : {}),
          skipBadLines: fields.skipBadLines === 'true',
          ...(fields.externalIdField?.trim() ? { externalIdField: fields.externalIdField.trim() } : {}),
          ...(fields.fieldMap?.trim() ? { fieldMap: fields.fieldMap } : {}),
          source: {
            name: fields.sourceName ?? '',
            license: fields.sourceLicense ?? '',
            collectionMethod: fields.collectionMethod ?? '',
            ...(pi === 'true' || pi === 'false' ? { containsPersonalInfo: pi === 'true' } : {}),
            legalBasis: fields.legalBasis ?? '',
          },
          pipeline: pipelineConfig,
        });
        jobs.wake();
        void reply.status(202);
        return { job };
      } catch (error) {
        removeSpoolDir(ctx.db, dir);
        throw error;
      }
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/cleaning-jobs',
    permission: 'task.import',
    summary: 'Cleaning jobs of a project, newest first',
    handler: async ({ actor, params }) => ({ jobs: await listCleaningJobs(ctx, actor!, params.projectId!) }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/cleaning-jobs/:jobId',
    permission: 'task.import',
    summary: 'A cleaning job: status, phase, progress (bytes and records), its import when done',
    handler: async ({ actor, params }) => ({ job: await getCleaningJob(ctx, actor!, params.jobId!) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/cleaning-jobs/:jobId/cancel',
    permission: 'task.import',
    summary: 'Cancel a queued or running cleaning job; nothing of it is imported',
    handler: async ({ actor, params }) => ({ job: await cancelCleaningJob(ctx, actor!, params.jobId!) }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/cleaning-jobs/:jobId/report',
    permission: 'task.import',
    summary: 'The cleaning report of a job: records in/out/changed per step, findings (PII counts per kind), skipped lines',
    handler: async ({ actor, params }) => ({ report: await getCleaningReport(ctx, actor!, params.jobId!) }),
  });
}
