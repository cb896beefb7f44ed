import { checkExportFormat, exportProject, loadVisibleProject, parseExportFormat, type Context, type ExportFormat } from '@biaozhu/core';
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
    summary: 'Download the project (format=ls-json|jsonl|csv|ls-json-min|conll|preference|sft; bom=false for CSV without BOM; prompt_key for preference/sft), streamed',
    query: z.object({
      format: z.string().default('ls-json'),
      bom: z.enum(['true', 'false']).default('true'),
      prompt_key: z.string().optional(),
    }),
    handler: async ({ actor, params, query, reply }) => {
      const format = parseExportFormat(query.format);
      const options = { bom: query.bom === 'true', promptKey: query.prompt_key };
      const project = await loadVisibleProject(ctx, actor!, params.projectId!);
      // Checked before the download starts: once streaming, an error could only cut the file short.
      checkExportFormat(project.label_config, format, options);
      return sendDownload(reply, exportProject(ctx, actor!, project.id, format, options), CONTENT_TYPES[format], `project-${project.id}.${FILE_NAMES[format]}`);
    },
  });
}
