import {
  cancelExportJob,
  checkExportFormat,
  checkImageExport,
  checkTaskFilter,
  checkTaskSelection,
  DomainError,
  exportImageProject,
  exportImageReader,
  exportProject,
  getExportJob,
  IMAGE_EXPORT_FORMATS,
  imageExportFile,
  isImageExportFormat,
  listExportJobs,
  loadVisibleProject,
  openExportFile,
  parseExportFormat,
  startExportJob,
  type Context,
  type ExportFormat,
} from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendDownload } from '../http/download.js';
import { defineRoute } from '../http/route.js';
import { filterOfQuery, taskFilterQuery } from './task-filter-query.js';
import type { JobQueue } from '../jobs/background-jobs.js';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  'ls-json': 'application/json',
  'ls-json-min': 'application/json',
  jsonl: 'application/x-ndjson',
  preference: 'application/x-ndjson',
  sft: 'application/x-ndjson',
  csv: 'text/csv',
  conll: 'text/plain',
};
const FILE_NAMES: Record<ExportFormat, string> = {
  'ls-json': 'json',
  'ls-json-min': 'min.json',
  jsonl: 'jsonl',
  preference: 'preference.jsonl',
  sft: 'sft.jsonl',
  csv: 'csv',
  conll: 'conll',
};

export function exportRoutes(app: FastifyInstance, ctx: Context, jobs: JobQueue): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/export',
    permission: 'task.export',
    summary:
      "Download the project (format=ls-json|jsonl|csv|ls-json-min|conll|preference|sft|coco|yolo|voc; bom=false for CSV without BOM; prompt_key for preference/sft; task_ids=1,2,3 for only those tasks, at most 1,000 — the task browser's export selection; or the task browser's filter parameters (state, annotator, answers, gold, review, importId, q, label, agreementBelow, as in GET .../tasks) for every task it matches; images=true puts the image files in coco/yolo/voc zips), streamed",
    query: taskFilterQuery.extend({
      format: z.string().default('ls-json'),
      bom: z.enum(['true', 'false']).default('true'),
      prompt_key: z.string().optional(),
      task_ids: z.string().max(20_000).optional(),
      images: z.enum(['true', 'false']).default('false'),
    }),
    handler: async ({ actor, params, query, reply }) => {
      if (isImageExportFormat(query.format)) {
        const project = await loadVisibleProject(ctx, actor!, params.projectId!);
        const includeImages = query.images === 'true';
        checkImageExport(project.label_config, query.format);
        const file = imageExportFile(query.format, includeImages);
        const filter = filterOfQuery(query);
        if (filter !== undefined) checkTaskFilter(filter);
        const chunks = exportImageProject(ctx, actor!, project.id, query.format, { includeImages, readImage: exportImageReader(ctx, project.id), filter });
        return sendDownload(reply, chunks, file.contentType, `project-${project.id}.${file.extension}`);
      }
      const format = parseExportFormat(query.format);
      const options = { bom: query.bom === 'true', promptKey: query.prompt_key, taskIds: parseTaskIds(query.task_ids), filter: filterOfQuery(query) };
      const project = await loadVisibleProject(ctx, actor!, params.projectId!);
      // Checked before the download starts: once streaming, an error could only cut the file short.
      checkExportFormat(project.label_config, format, options);
      return sendDownload(reply, exportProject(ctx, actor!, project.id, format, options), CONTENT_TYPES[format], `project-${project.id}.${FILE_NAMES[format]}`);
    },
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/projects/:projectId/export-jobs',
    permission: 'task.export',
    summary: `Start a background image export (body {format: ${IMAGE_EXPORT_FORMATS.join('|')}, includeImages}) for a project too big to download while you wait`,
    body: z.strictObject({ format: z.enum(IMAGE_EXPORT_FORMATS), includeImages: z.boolean().default(false) }),
    responses: { 202: 'the queued export job' },
    handler: async ({ actor, params, body, reply }) => {
      const job = await startExportJob(ctx, actor!, params.projectId!, { format: body.format, includeImages: body.includeImages });
      jobs.wake();
      void reply.status(202);
      return { job };
    },
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/export-jobs',
    permission: 'task.export',
    summary: "The project's background exports, newest first, with progress and their files",
    handler: async ({ actor, params }) => ({ jobs: await listExportJobs(ctx, actor!, params.projectId!) }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/export-jobs/:jobId',
    permission: 'task.export',
    summary: 'A background export: status, progress (tasks read of the total), summary and file',
    handler: async ({ actor, params }) => ({ job: await getExportJob(ctx, actor!, params.jobId!) }),
  });

  defineRoute(app, {
    method: 'POST',
    url: '/api/export-jobs/:jobId/cancel',
    permission: 'task.export',
    summary: 'Cancel a queued or running background export: it stops at the task it is on and its partial file is deleted (409 once finished); audited',
    handler: async ({ actor, params }) => ({ job: await cancelExportJob(ctx, actor!, params.jobId!) }),
  });

  defineRoute(app, {
    method: 'GET',
    url: '/api/export-jobs/:jobId/download',
    permission: 'task.export',
    summary: "Download a finished background export's file (409 before it is done, 410 once it expired); audited",
    handler: async ({ actor, params, reply }) => {
      const file = await openExportFile(ctx, actor!, params.jobId!);
      void reply.header('content-length', String(file.size));
      return sendDownload(reply, file.stream, file.contentType, file.fileName);
    },
  });
}

/** `task_ids=3,5,8` as checked task ids (checkTaskSelection's errors name the field), or undefined for every task. */
function parseTaskIds(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const parts = value.split(',').map((p) => p.trim());
  try {
    return checkTaskSelection(parts.map((p) => (/^[0-9]{1,15}$/.test(p) ? Number(p) : p)));
  } catch (error) {
    // The selection's codes with this query's field name.
    if (error instanceof DomainError) throw new DomainError(error.kind, error.code, error.message.replace(/^taskIds/, 'task_ids'), { ...error.details, field: 'task_ids' });
    throw error;
  }
}
