import { annotatorStats, annotatorStatsCsv, invalid, type AnnotatorStatsOptions, type Context } from '@biaozhu/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendDownload } from '../http/download.js';
import { defineRoute } from '../http/route.js';

const statsQuery = z.object({
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  bucket: z.enum(['hour', 'day']).default('day'),
  utcOffset: z.coerce.number().int().min(-720).max(840).default(0),
});

/** An ISO 8601 instant or date of the query, as epoch ms; a 400 naming the field when it is not one. */
function instant(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) throw invalid('invalid_date', `${field}: an ISO 8601 date or instant (2026-03-01T00:00:00+08:00), got "${value}"`, { field });
  return ms;
}

function options(query: z.infer<typeof statsQuery>): AnnotatorStatsOptions {
  return { from: instant(query.from, 'from'), to: instant(query.to, 'to'), bucket: query.bucket, utcOffsetMinutes: query.utcOffset };
}

/**
 * The people's statistics of a project (core/quality-work/annotator-stats.ts). `quality.read`: managers and admins,
 * reviewers (QA staff, who see whose work they review anyway) and the project's clients, who get pseudonyms only;
 * annotators see their own quality elsewhere (my-quality), never others'.
 */
export function annotatorStatsRoutes(app: FastifyInstance, ctx: Context): void {
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/annotator-stats',
    permission: 'quality.read',
    summary:
      'Per annotator over a period (from, to; ISO): answers, per active hour and per hour/day worked, median and p90 active time per answer, skip, expiry and rejection rates, agreement with the consensus (choices), gold accuracy with its Wilson 95% interval; a series of answers and active hours per bucket (hour|day, from utcOffset minutes)',
    query: statsQuery,
    handler: async ({ actor, params, query }) => annotatorStats(ctx, actor!, params.projectId!, options(query)),
  });
  defineRoute(app, {
    method: 'GET',
    url: '/api/projects/:projectId/annotator-stats.csv',
    permission: 'quality.read',
    summary: 'The same table as CSV for a spreadsheet: UTF-8 with BOM, formula-safe cells, header in lang=en|zh-CN',
    query: statsQuery.extend({ lang: z.enum(['en', 'zh-CN']).default('en') }),
    handler: async ({ actor, params, query, reply }) => {
      const stats = await annotatorStats(ctx, actor!, params.projectId!, options(query));
      const csv = annotatorStatsCsv(stats, query.lang);
      return sendDownload(reply, (async function* () { yield csv; })(), 'text/csv', `project-${stats.projectId}-annotator-stats.csv`);
    },
  });
}
