import { expect } from 'vitest';

/** Readers of our export files by each format's own rules, for tests. */

export interface ConllToken {
  token: string;
  tag: string;
}

/**
 * Reads CoNLL-2003 text by that format's rules: `-DOCSTART-` lines open documents, a blank line ends a sentence,
 * every other line is four space-separated columns (word, POS, chunk, NER tag). Checks IOB2: a tag is O, B-X or
 * I-X, and I-X only continues a B-X or I-X of the same type.
 */
export function readConll(text: string): { docs: number; sentences: ConllToken[][] } {
  const sentences: ConllToken[][] = [];
  let current: ConllToken[] = [];
  let docs = 0;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('-DOCSTART-')) {
      expect(current, `line ${i + 1}: -DOCSTART- inside a sentence`).toEqual([]);
      expect(line.split(' '), `line ${i + 1}`).toEqual(['-DOCSTART-', '-X-', '-X-', 'O']);
      docs++;
      return;
    }
    if (line === '') {
      if (current.length > 0) sentences.push(current);
      current = [];
      return;
    }
    const columns = line.split(' ');
    expect(columns, `line ${i + 1}: "${line}"`).toHaveLength(4);
    const tag = columns[3]!;
    expect(tag, `line ${i + 1}`).toMatch(/^(O|[BI]-\S+)$/);
    if (tag.startsWith('I-')) {
      const previous = current[current.length - 1]?.tag ?? 'O';
      expect(previous === 'O' ? null : previous.slice(2), `line ${i + 1}: ${tag} after ${previous}`).toBe(tag.slice(2));
    }
    current.push({ token: columns[0]!, tag });
  });
  expect(current, 'the last sentence is ended by a blank line').toEqual([]);
  return { docs, sentences };
}


/** A JSONL file read line by line, each line parsed as JSON on its own (a line that is not JSON fails). */
export function readJsonl(text: string): Record<string, unknown>[] {
  expect(text === '' || text.endsWith('\n'), 'a JSONL file ends with a newline').toBe(true);
  return text
    .split('\n')
    .slice(0, -1)
    .map((line, i) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch (e) {
        throw new Error(`line ${i + 1} is not JSON: ${(e as Error).message}`);
      }
    });
}

type LsTask = { id: number; data: Record<string, unknown>; annotations?: Record<string, unknown>[]; agreement?: unknown };

/**
 * What label-studio-converter's `Converter.convert_to_json_min` writes for Label Studio tasks (read from its
 * converter.py and utils.py, HumanSignal/label-studio-converter at 2ef5400): `annotation_result_from_task` (a task
 * with no annotation gives its data alone; cancelled ones are dropped; the others newest first, each result value
 * copied with its control's tag name as `type`), `prettify_result` and `get_annotator(int_id=True)`. `schema` maps
 * control names to Label Studio tag names. Python's None is null here.
 */
export function labelStudioJsonMin(tasks: LsTask[], schema: Map<string, string>): Record<string, unknown>[] {
  const records: Record<string, unknown>[] = [];
  for (const task of tasks) {
    for (const item of annotationResultFromTask(task, schema)) {
      const record: Record<string, unknown> = structuredClone(item.input);
      if (item.id !== null && item.id !== undefined) record.id = item.id;
      for (const [name, value] of item.output) record[name] = prettifyResult(value);
      record.annotator = getAnnotator(item.completed_by);
      record.annotation_id = item.annotation_id ?? null;
      record.created_at = item.created_at ?? null;
      record.updated_at = item.updated_at ?? null;
      record.lead_time = item.lead_time ?? null;
      if ('agreement' in item) record.agreement = item.agreement;
      records.push(record);
    }
  }
  return records;
}

interface ConverterItem {
  id: number;
  input: Record<string, unknown>;
  output: Map<string, Record<string, unknown>[]>;
  completed_by: unknown;
  annotation_id?: unknown;
  created_at?: unknown;
  updated_at?: unknown;
  lead_time?: unknown;
  agreement?: unknown;
}

function* annotationResultFromTask(task: LsTask, schema: Map<string, string>): Generator<ConverterItem> {
  if (task.annotations === undefined) return;
  const getData = (outputs: Map<string, Record<string, unknown>[]>, a: Record<string, unknown>): ConverterItem => ({
    id: task.id,
    input: task.data,
    output: outputs,
    completed_by: a.completed_by ?? {},
    annotation_id: a.id,
    created_at: a.created_at,
    updated_at: a.updated_at,
    lead_time: a.lead_time,
  });
  if (task.annotations.length === 0) yield getData(new Map(), {});
  const kept = task.annotations.filter((x) => !(x.skipped === true || x.was_cancelled === true));
  if (kept.length === 0) return;
  const key = (x: Record<string, unknown>) => (x.created_at ?? 0) as string | number;
  const sorted = [...kept].sort((a, b) => (key(a) < key(b) ? 1 : key(a) > key(b) ? -1 : 0));
  for (const annotation of sorted) {
    const outputs = new Map<string, Record<string, unknown>[]>();
    for (const r of annotation.result as Record<string, unknown>[]) {
      const tag = typeof r.from_name === 'string' ? schema.get(r.from_name) : undefined;
      if (tag === undefined) continue;
      const v: Record<string, unknown> = { ...structuredClone(r.value as Record<string, unknown>), type: tag };
      if ('original_width' in r) v.original_width = r.original_width;
      if ('original_height' in r) v.original_height = r.original_height;
      outputs.set(r.from_name as string, [...(outputs.get(r.from_name as string) ?? []), v]);
    }
    const data = getData(outputs, annotation);
    if ('agreement' in task) data.agreement = task.agreement;
    yield data;
  }
}

function prettifyResult(v: Record<string, unknown>[]): unknown {
  const out: unknown[] = [];
  let tagType: unknown = null;
  for (const i of v) {
    const j = structuredClone(i);
    tagType = j.type;
    delete j.type;
    if (tagType === 'Choices' && (j.choices as unknown[]).length === 1) out.push((j.choices as unknown[])[0]);
    else if (tagType === 'TextArea' && (j.text as unknown[]).length === 1) out.push((j.text as unknown[])[0]);
    else out.push(j);
  }
  return (tagType === 'Choices' || tagType === 'TextArea') && out.length === 1 ? out[0] : out;
}

function getAnnotator(annotator: unknown): unknown {
  if (typeof annotator === 'object' && annotator !== null) return (annotator as { email?: unknown }).email ?? null;
  if (typeof annotator === 'number' && Number.isInteger(annotator)) return annotator;
  return String(annotator);
}
