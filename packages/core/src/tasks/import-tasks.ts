import type { LabelConfig, PiiKind, PiiRedactionPolicy } from '@biaozhu/contract';
import { fileHash, type Database, type Transaction } from '@biaozhu/storage';
import type { Actor, Context } from '../context.js';
import { conflict, DomainError, invalid } from '../errors.js';
import { readTasks, type ImportFormat, type ParsedTask, type SkippedLine } from '../imports/index.js';
import { loadVisibleProject } from '../projects/project-access.js';
import { enforceSourceRequirement } from '../intake/provenance.js';
import { loadIntakeSettings } from '../intake/intake-settings.js';
import { redactRecordData } from '../intake/redact-record.js';
import { advisoryXactLock } from '../advisory-locks.js';
import { parsePolicy } from '../assignment/assignment-policy.js';
import { addCounts, emptyCounts, type ImportCounts, type RefusedRecord } from './import-counts.js';
import { checkSomethingRead, recordFailure, recordImportDone, type ImportRun, type ReadingTally } from './import-history.js';
import { thisRunner } from './import-liveness.js';
import { checkBatchDuplicates, IMPORT_BATCH, PARSE_SLICE, prepareRecord, type OnConflict, type PreparedRecord } from './import-records.js';
import { checkFieldLength, checkSource, type SourceInput } from './import-source.js';
import { applyFieldMap, missingDataKey, missingDataKeyError, requiredDataKeys, type FieldMap } from './data-keys.js';
import { recountProject } from './recount-project.js';
import { runStagedImport } from './staged-import.js';
import { storeBatch } from './store-batch.js';
import { loadKnownData, type KnownData } from './known-data.js';
import { yieldToOthers } from './yield-to-others.js';

export type { SourceInput } from './import-source.js';
export { IMPORT_FIELD_LIMITS, checkFieldLength } from './import-source.js';
export { GOLD_TARGET, ON_CONFLICT, parseOnConflict, type OnConflict } from './import-records.js';
export { parseFieldMap, requiredDataKeys, type FieldMap, type RequiredDataKey } from './data-keys.js';
export type { RefusedRecord, RefusalReason } from './import-counts.js';

export interface ImportOptions {
  fileName: string;
  /** `images` only with `readRecords` (it names the import's format in its history). */
  format?: ImportFormat | 'images';
  source: SourceInput;
  skipBadLines?: boolean;
  externalIdField?: string;
  /**
   * Which column fills which data key the config shows (`{text: "review"}`). Every record must have every key the
   * config's objects show once mapped: the first that lacks one fails the import (or is skipped under
   * `skipBadLines`), naming the key and the keys the record has, before anything is stored.
   */
  fieldMap?: FieldMap;
  /**
   * The SHA-256 (hex) of the file, when the caller has the whole file before the import starts (an upload spooled to
   * disk, a local file): under `onConflict: skip`, a file the project already imported is then refused before
   * anything is read (`same_file`), naming that import. Without it the hash is taken while reading and only reported.
   */
  contentSha256?: string;
  /**
   * What to do with a record that already is a task of the project (its external id, or without one its data, as
   * the project held it when the import started); default `skip`, so importing the same records again changes
   * nothing (ON_CONFLICT).
   */
  onConflict?: OnConflict;
  onProgress?: (bytesRead: number) => void;
  /**
   * Reads the records itself instead of the streamed text readers (image archives and folders, whose images are
   * stored as they are read: core/src/media/import-images.ts); `input` is then ignored and the file's hash is the
   * given `contentSha256`, if any. Bad records go to `onSkip`, as the text readers' do.
   */
  readRecords?: (hooks: { onSkip: (skipped: SkippedLine) => void }) => AsyncIterable<ParsedTask>;
  /**
   * Runs inside the transaction that commits the import: lets a caller (the cleaning job) record its own state
   * atomically with the import, or throw to roll the import back (nothing of it is then visible). On SQLite the
   * import commits before its tasks are published (see importTasks): a process that dies after this point has its
   * import finished by the recovery pass, never imported twice.
   */
  beforeCommit?: ImportHook;
  /**
   * Runs inside the transaction that marks the import done, when every task of it is visible, with the import's
   * final counts in its history row (on PostgreSQL the same transaction as beforeCommit). It cannot roll the import
   * back any more on SQLite: whatever it throws is reported, but the import stands.
   */
  beforeDone?: ImportHook;
}

export interface ImportSummary {
  id: number;
  status: 'done' | 'failed';
  format: string;
  onConflict: OnConflict;
  rowsRead: number;
  tasksCreated: number;
  tasksUpdated: number;
  /** Records whose task already had the same data: nothing changed but their new annotations and predictions. */
  tasksUnchanged: number;
  /** Records whose task already existed, left out under `onConflict: 'skip'`. */
  tasksSkipped: number;
  /** Records whose task has answers or a lease, so its data was not replaced; the first 1000 are in `refused`. */
  tasksRefused: number;
  refused: RefusedRecord[];
  annotationsImported: number;
  predictionsImported: number;
  /** Of tasksCreated, the gold tasks (a Label Studio task whose annotation is marked `ground_truth`). */
  goldCreated: number;
  /** Bad lines left out under `skipBadLines`. */
  rowsSkipped: number;
  skipped: SkippedLine[];
  /** The earlier import of the very same file (the same bytes) into this project, if there was one. */
  sameFileAs: EarlierImport | null;
  /** What the project's intake policy redacted before storing: records changed and values per kind. */
  piiRedacted: RedactionTally;
}

/** An earlier import, named for the manager: "this file was imported before, on ...". */
export interface EarlierImport {
  id: number;
  fileName: string;
  createdAt: string;
}

const MAX_SKIPPED_LISTED = 1000;

/** A caller's own write inside one of the import's transactions. */
export type ImportHook = (trx: Transaction<Database>, importId: number) => Promise<void>;

/** The hooks of ImportOptions, as the two ways of committing take them. */
export interface ImportHooks {
  beforeCommit: ImportHook | undefined;
  beforeDone: ImportHook | undefined;
}

/**
 * Imports a task file into a project so that it is stored whole or not at all: on the first bad record (without
 * `skipBadLines`) nothing of the file is kept and the import is recorded as failed with the reason and an
 * `import.failed` audit event. Records with an external id (the `externalIdField`, or a Label Studio task's `id`)
 * that is already a task of the project are handled as `onConflict` says (ON_CONFLICT): by default the task takes
 * the new data unless it has answers or a lease, and such refused records are listed with their line. Label Studio
 * annotations and predictions come along, their result items stored exactly as read, never twice; imported
 * annotations count as answers towards the project's overlap.
 *
 * How it commits depends on the dialect, so that annotators keep working meanwhile:
 * - PostgreSQL: one transaction (readers never wait for a writer there, and claims skip the rows it changes).
 * - SQLite, whose one write connection serves every claim and submit of the process: the records are staged in
 *   short transactions, the import commits in one small transaction (with `beforeCommit`), and its tasks are then
 *   published batch by batch (staged-import.ts). A restart finishes an import that had committed and deletes the
 *   staged rows of one that had not (import-recovery.ts).
 *
 * The input should be a local file stream (the server spools uploads to disk first).
 */
export async function importTasks(
  ctx: Context,
  actor: Actor,
  projectId: number,
  input: AsyncIterable<Uint8Array>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const project = await loadVisibleProject(ctx, actor, projectId);
  const source = checkSource(options.source);
  checkFieldLength('fileName', options.fileName);
  checkFieldLength('externalIdField', options.externalIdField);
  await enforceSourceRequirement(ctx.db.reader, projectId, options.source);
  const staged = ctx.db.dialect === 'sqlite';
  const onConflict = options.onConflict ?? 'skip';
  if (options.contentSha256 !== undefined && onConflict === 'skip') await refuseSameFile(ctx, projectId, options.contentSha256);
  const now = ctx.now();
  const importRow = await ctx.db.kysely.transaction().execute(async (trx) => {
    const src = await trx
      .insertInto('sources')
      .values({
        project_id: projectId,
        name: source.name,
        license: source.license ?? '',
        collection_method: source.collectionMethod ?? '',
        contains_personal_info: source.containsPersonalInfo ? 1 : 0,
        legal_basis: source.legalBasis ?? '',
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return trx
      .insertInto('imports')
      .values({
        project_id: projectId,
        source_id: src.id,
        file_name: options.fileName,
        format: options.format ?? 'auto',
        status: 'running',
        rows_read: 0,
        tasks_created: 0,
        tasks_updated: 0,
        rows_skipped: 0,
        skipped: '[]',
        error: null,
        created_by: actor.userId,
        created_at: now,
        finished_at: null,
        runner: thisRunner(),
        on_conflict: onConflict,
        phase: staged ? 'staging' : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  });
  const run: ImportRun = { importId: importRow.id, projectId, orgId: actor.orgId, actorId: actor.userId, fileName: options.fileName, onConflict, now };

  const policy = parsePolicy(project.assignment_policy);
  const reading: ReadingTally = { rowsRead: 0, rowsSkipped: 0, skipped: [] };
  let contentSha256: string | null = options.readRecords ? (options.contentSha256 ?? null) : null;
  const onSkip = (s: SkippedLine) => {
    reading.rowsSkipped += 1;
    if (reading.skipped.length < MAX_SKIPPED_LISTED) reading.skipped.push(s);
  };
  const records = options.readRecords
    ? options.readRecords({ onSkip })
    : readTasks(
        hashed(input, (sha) => {
          contentSha256 = sha;
        }),
        {
          fileName: options.fileName,
          ...(options.format && options.format !== 'images' ? { format: options.format } : {}),
          ...(options.externalIdField ? { externalIdField: options.externalIdField } : {}),
          skipBadLines: options.skipBadLines ?? false,
          onSkip,
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        },
      );
  const required = requiredDataKeys(JSON.parse(project.label_config) as LabelConfig);
  const fieldMap = options.fieldMap;
  const redaction = (await loadIntakeSettings(ctx.db.reader, projectId)).redactPii;
  const redacted: RedactionTally = { records: 0, found: {} };
  const fitted = fitToConfig(records, { required, fieldMap, redaction, now: new Date(now), skipBadLines: options.skipBadLines ?? false }, reading, redacted);
  const batches = preparedBatches(fitted, (t) => prepareRecord(t, policy, project.overlap, now), reading);
  let counts: ImportCounts;
  try {
    // What the project holds already, to recognise records without an external id; under `add` nothing is looked up.
    const known = onConflict === 'add' ? null : await loadKnownData(ctx.db.reader, projectId);
    const hooks = { beforeCommit: options.beforeCommit, beforeDone: options.beforeDone };
    counts = staged ? await runStagedImport(ctx, run, batches, reading, hooks, known) : await importInOneTransaction(ctx, run, batches, reading, hooks, known);
  } catch (error) {
    if (!staged) await recordFailure(ctx, run, error, reading);
    if (error instanceof DomainError) error.details.importId = importRow.id;
    throw error;
  }
  const sameFileAs = contentSha256 === null ? null : await recordContentHash(ctx, projectId, importRow.id, contentSha256);
  return {
    id: importRow.id,
    status: 'done',
    format: options.format ?? 'auto',
    onConflict,
    rowsRead: reading.rowsRead + reading.rowsSkipped,
    tasksCreated: counts.created,
    tasksUpdated: counts.updated,
    tasksUnchanged: counts.unchanged,
    tasksSkipped: counts.skipped,
    tasksRefused: counts.refusedCount,
    refused: counts.refused,
    annotationsImported: counts.annotations,
    predictionsImported: counts.predictions,
    goldCreated: counts.goldCreated,
    rowsSkipped: reading.rowsSkipped,
    skipped: reading.skipped,
    sameFileAs,
    piiRedacted: redacted,
  };
}

/** The input as it is read, with the SHA-256 of all of it handed to `done` when it ends. */
async function* hashed(input: AsyncIterable<Uint8Array>, done: (sha256: string) => void): AsyncGenerator<Uint8Array> {
  const hash = fileHash();
  for await (const chunk of input) {
    hash.update(chunk);
    yield chunk;
  }
  done(hash.digest('hex'));
}

/**
 * Refuses a file this project already imported (the same bytes, a finished import) when records already there are
 * to be skipped: importing it again would only skip every record. The manager may still choose update or add.
 */
async function refuseSameFile(ctx: Context, projectId: number, sha256: string): Promise<void> {
  const earlier = await earlierImportOf(ctx, projectId, sha256, Number.MAX_SAFE_INTEGER);
  if (!earlier) return;
  throw conflict(
    'same_file',
    `this file was imported into the project before (import ${earlier.id}, "${earlier.fileName.slice(0, 200)}", ${earlier.createdAt}); nothing was imported again. To import it anyway, choose onConflict update or add`,
    { importId: earlier.id, fileName: earlier.fileName, createdAt: earlier.createdAt },
  );
}

/** The earliest finished import of the file with this hash into the project, before import `before`. */
async function earlierImportOf(ctx: Context, projectId: number, sha256: string, before: number): Promise<EarlierImport | null> {
  const earlier = await ctx.db.reader
    .selectFrom('imports')
    .select(['id', 'file_name', 'created_at'])
    .where('project_id', '=', projectId)
    .where('content_sha256', '=', sha256)
    .where('status', '=', 'done')
    .where('id', '<', before)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return earlier ? { id: earlier.id, fileName: earlier.file_name, createdAt: new Date(earlier.created_at).toISOString() } : null;
}

/** Stores the file's hash on its import and returns the earliest finished import of the same file, if any. */
async function recordContentHash(ctx: Context, projectId: number, importId: number, sha256: string): Promise<EarlierImport | null> {
  await ctx.db.kysely.updateTable('imports').set({ content_sha256: sha256 }).where('id', '=', importId).execute();
  return earlierImportOf(ctx, projectId, sha256, importId);
}

/** How fitToConfig fits each record to the project. */
interface FitRules {
  required: ReturnType<typeof requiredDataKeys>;
  fieldMap: FieldMap | undefined;
  /** The personal information the project's intake policy redacts, if any. */
  redaction: PiiRedactionPolicy | null;
  now: Date;
  skipBadLines: boolean;
}

/** What the policy redacted: records changed, values per kind. */
export interface RedactionTally {
  records: number;
  found: Partial<Record<PiiKind, number>>;
}

/**
 * The records with the field map applied, each checked to hold every data key the config shows, and with the
 * personal information the project's policy names redacted (so no import path stores it in clear). A record that
 * lacks a key, or whose data the policy changed while it carries annotations or predictions (their spans point into
 * the text as it was), fails the import (nothing of it is stored) or, under `skipBadLines`, is counted and listed as
 * a skipped line.
 */
async function* fitToConfig(records: AsyncIterable<ParsedTask>, rules: FitRules, reading: ReadingTally, redacted: RedactionTally): AsyncGenerator<ParsedTask> {
  const refuse = (error: DomainError, line: number) => {
    if (!rules.skipBadLines) throw error;
    reading.rowsSkipped += 1;
    if (reading.skipped.length < MAX_SKIPPED_LISTED) reading.skipped.push({ line, message: error.message, code: error.code, details: error.details });
  };
  for await (const record of records) {
    let data = applyFieldMap(record.data, rules.fieldMap);
    const missing = missingDataKey(data, rules.required);
    if (missing) {
      refuse(missingDataKeyError(record.line, missing, data, rules.fieldMap), record.line);
      continue;
    }
    if (rules.redaction) {
      const r = redactRecordData(data, rules.redaction, rules.now);
      if (r.data !== data) {
        if ((record.annotations?.length ?? 0) > 0 || (record.predictions?.length ?? 0) > 0) {
          const kinds = Object.keys(r.found).join(', ');
          refuse(
            invalid(
              'pii_in_annotated_record',
              `line ${record.line}: the project's intake policy redacts personal information (${kinds}) found in this record, but the record carries annotations or predictions whose results point into the text as it is; redact the file before importing it, or import it without its annotations`,
              { line: record.line, kinds: Object.keys(r.found) },
            ),
            record.line,
          );
          continue;
        }
        data = r.data;
        redacted.records += 1;
        for (const [kind, n] of Object.entries(r.found) as [PiiKind, number][]) redacted.found[kind] = (redacted.found[kind] ?? 0) + n;
      }
    }
    yield data === record.data ? record : { ...record, data };
  }
}

/**
 * The records in batches of IMPORT_BATCH, each checked for an external id used twice, counting what was read, with a
 * turn of the event loop every PARSE_SLICE records.
 */
async function* preparedBatches(records: AsyncIterable<ParsedTask>, prepare: (t: ParsedTask) => PreparedRecord, reading: ReadingTally): AsyncGenerator<PreparedRecord[]> {
  let batch: PreparedRecord[] = [];
  for await (const record of records) {
    reading.rowsRead += 1;
    batch.push(prepare(record));
    if (reading.rowsRead % PARSE_SLICE === 0) await yieldToOthers();
    if (batch.length >= IMPORT_BATCH) {
      checkBatchDuplicates(batch);
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) {
    checkBatchDuplicates(batch);
    yield batch;
  }
}

/**
 * PostgreSQL: the whole import in one transaction, which holds the import's advisory lock so the history can tell a
 * live import from a dead one (import-liveness.ts). New tasks stay invisible until it commits; the rows it changes
 * stay locked, and claims skip them.
 */
async function importInOneTransaction(
  ctx: Context,
  run: ImportRun,
  batches: AsyncIterable<PreparedRecord[]>,
  reading: ReadingTally,
  hooks: ImportHooks,
  known: KnownData | null,
): Promise<ImportCounts> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await advisoryXactLock(trx, ctx.db.dialect, 'importRun', run.importId);
    const scope = { projectId: run.projectId, importId: run.importId, now: run.now, onConflict: run.onConflict, commitsAlone: false, known };
    let counts = emptyCounts();
    const touched = new Set<number>();
    for await (const batch of batches) {
      const outcome = await storeBatch(trx, scope, batch);
      counts = addCounts(counts, outcome.counts);
      for (const id of outcome.touched) touched.add(id);
    }
    checkSomethingRead(reading);
    await recountProject(trx, run.projectId, touched, ctx.db.dialect);
    await trx
      .updateTable('imports')
      .set({ rows_read: reading.rowsRead + reading.rowsSkipped, rows_skipped: reading.rowsSkipped, skipped: JSON.stringify(reading.skipped) })
      .where('id', '=', run.importId)
      .execute();
    await recordImportDone(trx, ctx, run, counts, reading.rowsSkipped);
    if (hooks.beforeCommit) await hooks.beforeCommit(trx, run.importId);
    if (hooks.beforeDone) await hooks.beforeDone(trx, run.importId);
    return counts;
  });
}
