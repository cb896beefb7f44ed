import type { ImportRow } from '@biaozhu/storage';

/** Why a record's task kept its data. */
export type RefusalReason = 'answered' | 'in_progress';

/** A record whose task already had answers or a lease, so its data was not replaced (and nothing of it stored). */
export interface RefusedRecord {
  line: number;
  externalId: string;
  taskId: number;
  reason: RefusalReason;
  message: string;
}

/** What an import did with its records, added up batch by batch. */
export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  refusedCount: number;
  /** The first MAX_REFUSED_LISTED refused records. */
  refused: RefusedRecord[];
  annotations: number;
  predictions: number;
  /** Of `created`, the gold tasks (a Label Studio task whose annotation is marked ground_truth). */
  goldCreated: number;
}

/** The most refused records an import lists (the count goes on). */
export const MAX_REFUSED_LISTED = 1000;

export function emptyCounts(): ImportCounts {
  return { created: 0, updated: 0, unchanged: 0, skipped: 0, refusedCount: 0, refused: [], annotations: 0, predictions: 0, goldCreated: 0 };
}

/** `a` plus `b`, as a new tally. */
export function addCounts(a: ImportCounts, b: ImportCounts): ImportCounts {
  return {
    created: a.created + b.created,
    updated: a.updated + b.updated,
    unchanged: a.unchanged + b.unchanged,
    skipped: a.skipped + b.skipped,
    refusedCount: a.refusedCount + b.refusedCount,
    refused: a.refused.length >= MAX_REFUSED_LISTED ? a.refused : [...a.refused, ...b.refused].slice(0, MAX_REFUSED_LISTED),
    annotations: a.annotations + b.annotations,
    predictions: a.predictions + b.predictions,
    goldCreated: a.goldCreated + b.goldCreated,
  };
}

/** The columns of an `imports` row that hold a tally. */
export function countsToRow(c: ImportCounts) {
  return {
    tasks_created: c.created,
    tasks_updated: c.updated,
    tasks_unchanged: c.unchanged,
    tasks_skipped: c.skipped,
    tasks_refused: c.refusedCount,
    refused: JSON.stringify(c.refused),
    annotations_imported: c.annotations,
    predictions_imported: c.predictions,
    gold_created: c.goldCreated,
  } satisfies Partial<ImportRow>;
}

/** The tally an `imports` row holds. */
export function countsFromRow(
  row: Pick<ImportRow, 'tasks_created' | 'tasks_updated' | 'tasks_unchanged' | 'tasks_skipped' | 'tasks_refused' | 'refused' | 'annotations_imported' | 'predictions_imported' | 'gold_created'>,
): ImportCounts {
  return {
    created: row.tasks_created,
    updated: row.tasks_updated,
    unchanged: row.tasks_unchanged,
    skipped: row.tasks_skipped,
    refusedCount: row.tasks_refused,
    refused: JSON.parse(row.refused) as RefusedRecord[],
    annotations: row.annotations_imported,
    predictions: row.predictions_imported,
    goldCreated: row.gold_created,
  };
}
