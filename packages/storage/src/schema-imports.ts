/** Tables of the import staging area; filled by migrations/0008-import-staging.ts. */
export interface ImportStagingTables {
  import_staged_tasks: ImportStagedTaskTable;
}

/**
 * One record of a SQLite import waiting to be published as a task (core/src/tasks/staged-import.ts). Nothing but the
 * import reads it, so it is invisible to claims, exports and counters until published.
 */
export interface ImportStagedTaskTable {
  import_id: number;
  /** 1, 2, 3... in file order: publishing goes by it, and `imports.published_seq` says how far it got. */
  seq: number;
  /** Where the record is in the file, for the refused-records list. */
  line: number;
  external_id: string | null;
  /** JSON object, exactly as it will be stored in `tasks.data`. */
  data: string;
  /** taskDataHash of the data, copied to the task when it is published (migration 0024). */
  data_hash: number | null;
  /** The earlier task of the project this record was found to equal when staged (no external id), if any. */
  match_task_id: number | null;
  target: number;
  random_rank: number;
  priority: number;
  /** Set for a gold task: its known answer. */
  gold_result: string | null;
  /** JSON array of the carried Label Studio annotations, ready to insert (core's CarriedAnnotation). */
  annotations: string | null;
  /** JSON array of the carried predictions (core's CarriedPrediction). */
  predictions: string | null;
}
