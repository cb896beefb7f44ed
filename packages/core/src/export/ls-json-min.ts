import type { LabelConfig } from '@biaozhu/contract';
import type { ExportedTask, TaskForExport } from './exported-tasks.js';
import { finalAnswers, type FinalAnswer } from './final-answer.js';

/** Label Studio's tag name of each control type: JSON_MIN flattens `Choices` and `TextArea` answers by it. */
const TAG_OF: Record<string, string> = {
  choices: 'Choices',
  textarea: 'TextArea',
  labels: 'Labels',
  rating: 'Rating',
  number: 'Number',
  pairwise: 'Pairwise',
  ranking: 'Ranker',
  taxonomy: 'Taxonomy',
  relations: 'Relations',
};

/** The config's control names with their Label Studio tag names. */
export function jsonMinControls(config: LabelConfig): Map<string, string> {
  return new Map(config.controls.map((c) => [c.name, TAG_OF[c.type] ?? c.type]));
}

/**
 * A task's records in Label Studio's JSON_MIN shape (label-studio-converter `convert_to_json_min`): the task's data
 * keys, `id` (the task id), one key per control that was answered holding its values (a single choice or a single
 * text as a plain string, else the list of result values), `annotator`, `annotation_id`, `created_at`, `updated_at`,
 * `lead_time`. Unlike Label Studio, which writes one record per annotation, the records are the task's final answers
 * (final-answer.ts) and each says where it comes from in `answer_source`; a decided answer (review, adjudication,
 * aggregate, gold) has `annotator` and `lead_time` null. A task with no answer gives its data alone, as Label Studio
 * does. Returned as parsed records; the caller joins them into the JSON array.
 */
export function jsonMinRecords(controls: ReadonlyMap<string, string>, item: TaskForExport): Record<string, unknown>[] {
  const answers = finalAnswers(item.candidates, new Set(controls.keys()));
  if (answers.length === 0) {
    return [{ ...item.task.data, id: item.task.id, annotator: null, annotation_id: null, created_at: null, updated_at: null, lead_time: null, answer_source: null }];
  }
  // Label Studio lists a task's annotations newest first.
  const ordered = answers.length > 1 ? [...answers].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)) : answers;
  return ordered.map((answer) => record(controls, item.task, answer));
}

function record(controls: ReadonlyMap<string, string>, task: ExportedTask, answer: FinalAnswer): Record<string, unknown> {
  const out: Record<string, unknown> = { ...task.data, id: task.id };
  const outputs = new Map<string, Record<string, unknown>[]>();
  for (const r of answer.result as Record<string, unknown>[]) {
    const tag = typeof r.from_name === 'string' ? controls.get(r.from_name) : undefined;
    if (tag === undefined) continue;
    const v: Record<string, unknown> = { ...(r.value as Record<string, unknown>), type: tag };
    if ('original_width' in r) v.original_width = r.original_width;
    if ('original_height' in r) v.original_height = r.original_height;
    outputs.set(r.from_name as string, [...(outputs.get(r.from_name as string) ?? []), v]);
  }
  for (const [name, values] of outputs) out[name] = prettify(values);
  const own = answer.source === 'single' || answer.source === 'annotator';
  const a = answer.annotation;
  out.annotator = own && a !== null ? annotatorOf(a.completed_by) : null;
  out.annotation_id = a?.id ?? null;
  out.created_at = own && a !== null ? a.created_at : answer.at || null;
  out.updated_at = own && a !== null && typeof a.updated_at === 'string' ? a.updated_at : null;
  out.lead_time = own && a !== null ? a.lead_time : null;
  out.answer_source = answer.source;
  return out;
}

/** label-studio-converter's `prettify_result`: one choice or one text as the string itself, else the values. */
function prettify(values: Record<string, unknown>[]): unknown {
  let tag: unknown;
  const out = values.map((v) => {
    const { type, ...rest } = v;
    tag = type;
    if (type === 'Choices' && Array.isArray(rest.choices) && rest.choices.length === 1) return rest.choices[0] as unknown;
    if (type === 'TextArea' && Array.isArray(rest.text) && rest.text.length === 1) return rest.text[0] as unknown;
    return rest;
  });
  return (tag === 'Choices' || tag === 'TextArea') && out.length === 1 ? out[0] : out;
}

/** label-studio-converter's `get_annotator`: an annotator object's email, an id as it is; null stays null. */
function annotatorOf(completedBy: unknown): unknown {
  if (completedBy === null || completedBy === undefined) return null;
  if (typeof completedBy === 'object') return (completedBy as { email?: unknown }).email ?? null;
  if (typeof completedBy === 'number' || typeof completedBy === 'string') return completedBy;
  return JSON.stringify(completedBy);
}
