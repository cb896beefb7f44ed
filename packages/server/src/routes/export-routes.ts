import { checkExportFormat, checkTaskSelection, DomainError, exportProject, loadVisibleProject, parseExportFormat, type Context, type ExportFormat } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendDownload } from '../http/download.js';
import { defineRoute } from '../http/route.js';

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

export function exportRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/export',
    permission: 'task.export',
    summary: 'Download the project (format=ls-json|jsonl|csv|ls-json-min|conll|preference|sft; bom=false for CSV without BOM; prompt_key for preference/sft; task_ids=1,2,3 for only those tasks, at most 1,000 — the task browser\'s export selection), streamed',
    query: z.object({
      format: z.string().default('ls-json'),
      bom: z.enum(['true', 'false']).default('true'),
      prompt_key: z.string().optional(),
      task_ids: z.string().max(20_000).optional(),
    }),
    handler: async ({ actor, params, query, reply }) => {
      const format = parseExportFormat(query.format);
      const options = { bom: query.bom === 'true', promptKey: query.prompt_key, taskIds: parseTaskIds(query.task_ids) };
      const project = await loadVisibleProject(ctx, actor!, params.projectId!);
      // Checked before the download starts: once streaming, an error could only cut the file short.
      checkExportFormat(project.label_config, format, options);
      return sendDownload(reply, exportProject(ctx, actor!, project.id, format, options), CONTENT_TYPES[format], `project-${project.id}.${FILE_NAMES[format]}`);
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
