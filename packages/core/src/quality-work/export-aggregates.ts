import type { LabelConfig } from '@biaozhu/contract';
import type { Database, Kysely } from '@biaozhu/storage';
import { visibleUserId } from '../access/worker-pseudonyms.js';
import type { Actor, Context } from '../context.js';
import { invalid } from '../errors.js';
import { csvRow } from '../export/csv-row.js';
import { exportInSnapshot } from '../export/export-in-snapshot.js';
import { choiceControls } from './answer-labels.js';
import { aggregatedControls } from './control-aggregators.js';

export const AGGREGATE_FORMATS = ['jsonl', 'csv'] as const;
export type AggregateFormat = (typeof AGGREGATE_FORMATS)[number];

export function parseAggregateFormat(value: unknown): AggregateFormat {
  if (value === 'jsonl' || value === 'csv') return value;
  throw invalid('invalid_format', `format: must be one of ${AGGREGATE_FORMATS.join(', ')}; got "${String(value)}"`, { field: 'format' });
}

const PAGE = 1000;

/**
 * Streams a project's aggregates (the combined answer per task, its confidence and the method), page by page, as
 * JSONL objects `{task_id, external_id, method, confidence, labels, result, details, job_id, decided_by, updated_at}` or CSV
 * rows `task_id, external_id, method, confidence, <each control>` (several choices joined by `;`; for span, rating,
 * pairwise and ranking controls their short form: `LABEL:start-end` spans, the rating, the side, the order). The raw answers
 * stay in the project export; this file sits beside it. Like it, it is read from one snapshot and audited
 * (export-in-snapshot.ts); a client sees no `decided_by` (the reviewer who adjudicated).
 */
export function exportAggregates(ctx: Context, actor: Actor, projectId: number, format: AggregateFormat): AsyncGenerator<string> {
  const countRows = async (db: Kysely<Database>) =>
    Number((await db.selectFrom('aggregates').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow()).n);
  return exportInSnapshot(ctx, actor, projectId, { content: 'aggregates', format, countRows }, async function* (db, project) {
    const config = JSON.parse(project.label_config) as LabelConfig;
    // choices controls, then the span, rating and preference controls in config order (their short forms)
    const controls = [...choiceControls(config).map((c) => c.name), ...aggregatedControls(config).map((c) => c.control.name)];
    if (format === 'csv') yield csvRow(['task_id', 'external_id', 'method', 'confidence', ...controls]);
    let after = 0;
    for (;;) {
      const rows = await db
        .selectFrom('aggregates as ag')
        .innerJoin('tasks as t', 't.id', 'ag.task_id')
        .select(['ag.task_id', 't.external_id', 'ag.method', 'ag.confidence', 'ag.labels', 'ag.result', 'ag.details', 'ag.job_id', 'ag.decided_by', 'ag.updated_at'])
        .where('ag.project_id', '=', projectId)
        .where('ag.task_id', '>', after)
        .orderBy('ag.task_id')
        .limit(PAGE)
        .execute();
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.task_id;
      let chunk = '';
      for (const r of rows) {
        const labels = JSON.parse(r.labels) as Record<string, string[]>;
        if (format === 'jsonl') {
          chunk +=
            JSON.stringify({
              task_id: r.task_id,
              external_id: r.external_id,
              method: r.method,
              confidence: r.confidence,
              labels,
              result: JSON.parse(r.result) as unknown,
              details: r.details === null ? null : (JSON.parse(r.details) as unknown),
              job_id: r.job_id,
              decided_by: visibleUserId(actor, r.decided_by),
              updated_at: new Date(r.updated_at).toISOString(),
            }) + '\n';
        } else {
          chunk += csvRow([String(r.task_id), r.external_id ?? '', r.method, String(r.confidence), ...controls.map((c) => (labels[c] ?? []).join(';'))]);
        }
      }
      yield chunk;
    }
  });
}
