import type { LabelConfig } from '@biaozhu/contract';
import type { TaskForExport } from './exported-tasks.js';
import { finalAnswers, itemsOf } from './final-answer.js';
import { recordMeta } from './record-meta.js';

/** The textarea controls of a config (per-region ones left out: their text is about a span, not the task), with the data key of their prompt. */
export function sftSources(config: LabelConfig, promptKey: string | undefined): { control: string; prompt: string }[] {
  const dataKey = new Map(config.objects.map((o) => [o.name, o.value]));
  return config.controls.flatMap((c) =>
    c.type === 'textarea' && c.perRegion !== true ? [{ control: c.name, prompt: promptKey ?? dataKey.get(c.toName) ?? c.toName }] : [],
  );
}

/**
 * A task's supervised fine-tuning pairs as JSONL, `{prompt, response, task_id, external_id, control, answer_source,
 * annotation_id, annotator}`: `prompt` is the data of the object the textarea is about (or of `promptKey` when
 * given), `response` one text of the textarea's answer (a textarea that takes several submissions gives one record
 * per non-blank text).
 */
export function sftRecords(sources: readonly { control: string; prompt: string }[], item: TaskForExport): string {
  const controls = new Set(sources.map((s) => s.control));
  let out = '';
  for (const answer of finalAnswers(item.candidates, controls)) {
    const meta = recordMeta(item.task, answer);
    for (const s of sources) {
      for (const result of itemsOf(answer.result, s.control)) {
        const texts = (result.value as { text?: unknown } | undefined)?.text;
        if (!Array.isArray(texts)) continue;
        for (const text of texts) {
          if (typeof text !== 'string' || text.trim() === '') continue;
          out += JSON.stringify({ prompt: item.task.data[s.prompt] ?? null, response: text, ...meta, control: s.control }) + '\n';
        }
      }
    }
  }
  return out;
}
