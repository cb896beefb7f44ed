import { Readable } from 'node:stream';
import { exportProject, loadVisibleProject, parseExportFormat, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
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
      const stream = Readable.from(exportProject(ctx, actor!, project.id, format));
      void reply
        .header('content-type', `${CONTENT_TYPES[format]}; charset=utf-8`)
        .header('content-disposition', `attachment; filename="project-${project.id}.${EXTENSIONS[format]}"`)
        .header('cache-control', 'no-store');
      return reply.send(stream);
    },
  });
}
