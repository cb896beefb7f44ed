import { resultSchema, type LabelConfig } from '@biaozhu/contract';
import { resultIssues, type ResultIssue, type TaskData } from '@biaozhu/label-types';
import { isDeepStrictEqual } from 'node:util';

/** One stored answer as the check reads it: its task, its result items as stored, and the task's data. */
export interface StoredAnswer {
  taskId: number;
  result: unknown;
  data: TaskData;
}

/** Something the new config takes away from existing answers, with how many answers use it. */
export interface OrphanedUse {
  /** The control the answers name (`from_name`, or `relations`). */
  control: string;
  /** The result check that fails under the new config: `unknown_control`, `unknown_choice`, `wrong_object`... */
  code: string;
  /** The check's sentence, e.g. `"Neutral" is not a choice of control "sentiment"`. */
  message: string;
  /** The choice, label or path the answers use, when the check names one. */
  value?: string;
  answers: number;
  /** A few of the tasks whose answers use it, in the order found. */
  taskIds: number[];
}

const SHOWN_TASKS = 5;
/**
 * A new config may require more than the old one did (a new required control): that leaves old answers incomplete,
 * not orphaned, so the check ignores it.
 */
const NOT_ORPHANING = new Set(['missing_required']);

/**
 * True when the new config only adds to the old one: every object and control of the old config is still there,
 * unchanged. Then no answer can lose anything and the answers need not be read.
 */
export function onlyAdds(before: LabelConfig, after: LabelConfig): boolean {
  const same = <T extends { name: string }>(olds: readonly T[], news: readonly T[]) =>
    olds.every((o) => news.some((n) => n.name === o.name && isDeepStrictEqual(n, o)));
  return same(before.objects, after.objects) && same(before.controls, after.controls);
}

const issueKey = (issue: ResultIssue) => `${issue.path}\u0000${issue.code}\u0000${issue.message}`;

function valueOf(issue: ResultIssue): string | undefined {
  const d = issue.details;
  for (const key of ['choice', 'label', 'path', 'bucket', 'item']) {
    const v = d[key];
    if (typeof v === 'string') return v;
    if (Array.isArray(v) && v.every((s) => typeof s === 'string')) return v.join(' / ');
  }
  return undefined;
}

/**
 * Tallies what a config change would take away from stored answers. Each answer is checked with the label types'
 * own result checks (packages/label-types) under the old and the new config; a problem that only the new config
 * has means the answer uses something the change removes or renames: a control (`unknown_control`), a choice or
 * label (`unknown_choice`, `unknown_label`, `unknown_path`), the object a control points at (`wrong_object`), a
 * data key (`bad_task_data`)... No control type is special-cased here. Answers that fail the old config already
 * (stored before a check existed) are judged only on what changes.
 *
 * @example
 *   const tally = new OrphanTally(before, after);
 *   for (const answer of answers) tally.add(answer);
 *   if (tally.uses().length > 0) refuse(tally.uses());
 */
export class OrphanTally {
  private readonly found = new Map<string, OrphanedUse>();

  constructor(
    private readonly before: LabelConfig,
    private readonly after: LabelConfig,
  ) {}

  add(answer: StoredAnswer): void {
    const parsed = resultSchema.safeParse(answer.result);
    if (!parsed.success) return;
    const old = new Set(resultIssues(this.before, parsed.data, answer.data).map(issueKey));
    const counted = new Set<string>();
    for (const issue of resultIssues(this.after, parsed.data, answer.data)) {
      if (NOT_ORPHANING.has(issue.code) || old.has(issueKey(issue))) continue;
      const control = typeof issue.details.control === 'string' ? issue.details.control : '';
      const key = `${control}\u0000${issue.code}\u0000${issue.message}`;
      // One answer counts once per thing it uses, however many of its items use it.
      if (counted.has(key)) continue;
      counted.add(key);
      const use = this.found.get(key);
      if (use) {
        use.answers += 1;
        if (use.taskIds.length < SHOWN_TASKS && !use.taskIds.includes(answer.taskId)) use.taskIds.push(answer.taskId);
      } else {
        const value = valueOf(issue);
        this.found.set(key, { control, code: issue.code, message: issue.message, ...(value === undefined ? {} : { value }), answers: 1, taskIds: [answer.taskId] });
      }
    }
  }

  /** What the change takes away, the most used first. */
  uses(): OrphanedUse[] {
    return [...this.found.values()].sort((a, b) => b.answers - a.answers);
  }
}

/** The refusal's sentence: every orphaned use with its count and example tasks, and what to do instead. */
export function describeOrphans(uses: readonly OrphanedUse[], shown = 5): string {
  const parts = uses.slice(0, shown).map((u) => {
    const n = `${u.answers} answer${u.answers === 1 ? '' : 's'}`;
    const tasks = u.taskIds.length === 1 ? `task ${u.taskIds[0]}` : `tasks ${u.taskIds.join(', ')}`;
    return `${u.message} under the new config, and ${n} ${u.answers === 1 ? 'uses' : 'use'} it (${tasks})`;
  });
  const more = uses.length > shown ? `; and ${uses.length - shown} more` : '';
  return `labelConfig: this change would orphan existing answers: ${parts.join('; ')}${more}. Keep what answers use (add new controls, choices and labels instead of renaming or removing)`;
}
