import type { LabelConfig } from '@biaozhu/contract';
import type { TaskForExport } from './exported-tasks.js';
import { finalAnswers, itemsOf } from './final-answer.js';
import { recordMeta } from './record-meta.js';

/** Object types whose data can be a prompt (text, HTML, a dialogue's turns). */
const PROMPT_TYPES = new Set(['text', 'hypertext', 'dialogue']);

/** The pairwise and ranking controls of a config, with what they compare and where the prompt is read from. */
export interface PreferenceSources {
  pairwise: { control: string; left: string; right: string; prompt: string | null }[];
  rankings: { control: string; list: string; prompt: string | null }[];
}

/**
 * The preference questions of a config. Each control's prompt is read from `promptKey` when given (a key of the
 * task's data), else from the first text-like object (text, hypertext, dialogue) of the config that the control
 * does not compare; null when there is none.
 */
export function preferenceSources(config: LabelConfig, promptKey: string | undefined): PreferenceSources {
  const dataKey = new Map(config.objects.map((o) => [o.name, o.value]));
  const promptFor = (compared: string[]) =>
    promptKey ?? config.objects.find((o) => PROMPT_TYPES.has(o.type) && !compared.includes(o.name))?.value ?? null;
  const sources: PreferenceSources = { pairwise: [], rankings: [] };
  for (const c of config.controls) {
    if (c.type === 'pairwise') {
      sources.pairwise.push({ control: c.name, left: dataKey.get(c.toName[0]) ?? c.toName[0], right: dataKey.get(c.toName[1]) ?? c.toName[1], prompt: promptFor([...c.toName]) });
    } else if (c.type === 'ranking' && (c.buckets ?? []).length === 0) {
      // Buckets sort items into named groups, which says no order between two items of a group: not exported.
      sources.rankings.push({ control: c.name, list: dataKey.get(c.toName) ?? c.toName, prompt: promptFor([c.toName]) });
    }
  }
  return sources;
}

/**
 * A task's preference pairs as JSONL, `{prompt, chosen, rejected, task_id, external_id, control, answer_source,
 * annotation_id, annotator, ...}`: from a pairwise answer the selected side's data is `chosen`, the other side's
 * `rejected`; from a ranking of n items, one pair per ordered pair i < j (n(n-1)/2 pairs), the higher-ranked item
 * `chosen`, with `chosen_id`, `rejected_id` and their 1-based ranks. A list item's text is its `body`, else its
 * `title`, else the item itself.
 */
export function preferenceRecords(sources: PreferenceSources, item: TaskForExport): string {
  const data = item.task.data;
  const controls = new Set([...sources.pairwise.map((p) => p.control), ...sources.rankings.map((r) => r.control)]);
  let out = '';
  for (const answer of finalAnswers(item.candidates, controls)) {
    const meta = recordMeta(item.task, answer);
    for (const p of sources.pairwise) {
      for (const result of itemsOf(answer.result, p.control)) {
        const selected = (result.value as { selected?: unknown } | undefined)?.selected;
        if (selected !== 'left' && selected !== 'right') continue;
        const [chosen, rejected] = selected === 'left' ? [data[p.left], data[p.right]] : [data[p.right], data[p.left]];
        out += JSON.stringify({ prompt: p.prompt === null ? null : (data[p.prompt] ?? null), chosen, rejected, ...meta, control: p.control, selected }) + '\n';
      }
    }
    for (const r of sources.rankings) {
      const items = Array.isArray(data[r.list]) ? (data[r.list] as unknown[]) : [];
      const byId = new Map(items.map((i) => [String((i as { id?: unknown }).id), i]));
      for (const result of itemsOf(answer.result, r.control)) {
        const order = ((result.value as { ranker?: Record<string, unknown> } | undefined)?.ranker ?? {})[r.control];
        if (!Array.isArray(order)) continue;
        const ids = order.map(String).filter((id) => byId.has(id));
        for (let i = 0; i < ids.length; i++) {
          for (let j = i + 1; j < ids.length; j++) {
            out +=
              JSON.stringify({
                prompt: r.prompt === null ? null : (data[r.prompt] ?? null),
                chosen: itemText(byId.get(ids[i]!)),
                rejected: itemText(byId.get(ids[j]!)),
                ...meta,
                control: r.control,
                chosen_id: ids[i],
                rejected_id: ids[j],
                chosen_rank: i + 1,
                rejected_rank: j + 1,
              }) + '\n';
          }
        }
      }
    }
  }
  return out;
}

function itemText(item: unknown): unknown {
  const { body, title } = (item ?? {}) as { body?: unknown; title?: unknown };
  return typeof body === 'string' ? body : typeof title === 'string' ? title : item;
}
