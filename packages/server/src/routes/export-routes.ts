import { exportProject, loadVisibleProject, parseExportFormat, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendDownload } from '../http/download.js';
import { defineRoute } from '../http/route.js';

const CONTENT_TYPES = { 'ls-json': 'application/json', jsonl: 'application/x-ndjson', csv: 'text/csv' } as const;
const EXTENSIONS = { 'ls-json': 'json', jsonl: 'jsonl', csv: 'csv' } as const;

export function exportRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/export',
    permission: 'task.export',
    summary: 'Download the project (format=ls-json|jsonl|csv), streamed',
    query: z.object({ format: z.string().default('ls-json') }),
    handler: async ({ actor, params, query, reply }) => {
      const format = parseExportFormat(query.format);
      const project = await loadVisibleProject(ctx, actor!, params.projectId!);
      return sendDownload(reply, exportProject(ctx, actor!, project.id, format), CONTENT_TYPES[format], `project-${project.id}.${EXTENSIONS[format]}`);
    },
  });
}
