import type { LabelConfig, LabelControl, LabelObject } from '@biaozhu/label-types';
import type { Context } from '../context.js';

/** One result item of an answer, as stored (Label Studio shape; only what aggregation reads is typed). */
export interface StoredItem {
  id?: unknown;
  from_name?: unknown;
  to_name?: unknown;
  type?: unknown;
  value?: Record<string, unknown>;
}

/** One annotator's answer to one control of a task. */
export interface WorkerAnswer<A> {
  worker: string;
  answer: A;
}

/** A task's data and every annotator's answer to one control. */
export interface TaskAnswers<A> {
  taskId: number;
  data: Record<string, unknown>;
  answers: WorkerAnswer<A>[];
}

/** Who gave an answer: the user, or for an imported annotation the import it came with (or the row itself). */
export function answerWorker(a: { id: number; user_id: number | null; imported_from: string | number | null }): string {
  return a.user_id !== null ? `u${a.user_id}` : `i${a.imported_from ?? a.id}`;
}

/** The items of one control in a stored result. */
export function itemsOfControl(result: unknown, control: string): StoredItem[] {
  if (!Array.isArray(result)) return [];
  return (result as unknown[]).filter(
    (item): item is StoredItem => typeof item === 'object' && item !== null && (item as StoredItem).from_name === control,
  );
}

/** The object of the config named `name`. */
export function objectNamed(config: LabelConfig, name: string): LabelObject | undefined {
  return config.objects.find((o) => o.name === name);
}

/** The task data an object shows, or undefined. */
export function objectData(config: LabelConfig, data: Record<string, unknown>, objectName: string): unknown {
  const object = objectNamed(config, objectName);
  return object ? data[object.value] : undefined;
}

/** Reads one control's answer out of its items in one stored result; undefined when the answer gives none. */
export type AnswerReader = (control: LabelControl, items: readonly StoredItem[]) => unknown;

/** Answers read per query. */
const PAGE = 5000;

/**
 * Every annotator's answer to each of `controls` on the project's ordinary (non-gold) tasks, with the data of those
 * tasks: answers are read in pages by id and kept as each control's reader parses them (spans, a rating, a side),
 * not as their JSON; task data is read in pages for the answered tasks only. `checkpoint` runs between pages.
 */
export async function loadControlAnswers(
  ctx: Context,
  projectId: number,
  controls: ReadonlyArray<{ control: LabelControl; read: AnswerReader }>,
  checkpoint: () => Promise<void> = async () => undefined,
): Promise<Map<string, TaskAnswers<unknown>[]>> {
  const out = new Map<string, TaskAnswers<unknown>[]>();
  if (controls.length === 0) return out;
  const gold = new Set(
    (await ctx.db.reader.selectFrom('tasks').select('id').where('project_id', '=', projectId).where('is_gold', '=', 1).execute()).map((t) => t.id),
  );
  const perControl = controls.map(() => new Map<number, WorkerAnswer<unknown>[]>());
  let after = 0;
  for (;;) {
    const page = await ctx.db.reader
      .selectFrom('annotations')
      .select(['id', 'task_id', 'user_id', 'imported_from', 'result'])
      .where('project_id', '=', projectId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(PAGE)
      .execute();
    for (const a of page) {
      if (gold.has(a.task_id)) continue;
      const result = JSON.parse(a.result) as unknown;
      const worker = answerWorker(a);
      controls.forEach(({ control, read }, k) => {
        const answer = read(control, itemsOfControl(result, control.name));
        if (answer === undefined) return;
        const byTask = perControl[k]!;
        const list = byTask.get(a.task_id) ?? [];
        list.push({ worker, answer });
        byTask.set(a.task_id, list);
      });
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.id;
    await checkpoint();
  }
  const wanted = new Set(perControl.flatMap((m) => [...m.keys()]));
  const dataOf = new Map<number, Record<string, unknown>>();
  after = 0;
  while (wanted.size > dataOf.size) {
    const page = await ctx.db.reader
      .selectFrom('tasks')
      .select(['id', 'data'])
      .where('project_id', '=', projectId)
      .where('id', '>', after)
      .where('answer_count', '>', 0)
      .orderBy('id')
      .limit(1000)
      .execute();
    for (const t of page) if (wanted.has(t.id)) dataOf.set(t.id, JSON.parse(t.data) as Record<string, unknown>);
    if (page.length < 1000) break;
    after = page[page.length - 1]!.id;
    await checkpoint();
  }
  controls.forEach(({ control }, k) => {
    const tasks: TaskAnswers<unknown>[] = [];
    for (const [taskId, answers] of [...perControl[k]!.entries()].sort((a, b) => a[0] - b[0])) {
      const data = dataOf.get(taskId);
      if (data) tasks.push({ taskId, data, answers });
    }
    out.set(control.name, tasks);
  });
  return out;
}
