import type { LabelConfig, LabelControl, ResultEntry, ResultItem } from '@biaozhu/contract';
import { controlTypeOf, isRelationItem, unansweredRequired } from '@biaozhu/label-types';
import { viewOf } from '@biaozhu/label-types/views';

/**
 * The answer being edited: result entries in Label Studio's shape, as they will be submitted. Each control's view
 * edits its own items; entries of controls without a view (and relations) pass through untouched.
 */
export type Answer = ResultEntry[];

/** The items of one control in the answer. */
export function itemsOf(answer: Answer, control: LabelControl): ResultItem[] {
  return answer.filter((e): e is ResultItem => !isRelationItem(e) && e.from_name === control.name);
}

/** The answer with one control's items replaced, the rest kept in place. */
export function withItems(answer: Answer, control: LabelControl, items: ResultItem[]): Answer {
  return [...answer.filter((e) => isRelationItem(e) || e.from_name !== control.name), ...items];
}

/** The first required control left unanswered, if any (its label or name is shown to the worker). */
export function missingRequired(config: LabelConfig, answer: Answer): LabelControl | undefined {
  return unansweredRequired(config, answer)[0]?.control;
}

/**
 * The answer as it is submitted: items in the config's order of controls, items that hold no answer (a cleared
 * choice) left out, entries of no known control (relations, ...) last and unchanged.
 */
export function buildResult(config: LabelConfig, answer: Answer): Answer {
  const ordered: Answer = [];
  for (const control of config.controls) {
    const type = controlTypeOf(control);
    ordered.push(...itemsOf(answer, control).filter((item) => type?.answers(item) !== false));
  }
  const known = new Set(config.controls.map((c) => c.name));
  return [...ordered, ...answer.filter((e) => isRelationItem(e) || !known.has(e.from_name))];
}

/** The answer after a control's key for `target` was pressed (see resolve-key.ts). */
export function pressed(answer: Answer, control: LabelControl, target: string, newId: () => string): Answer {
  const view = viewOf(control);
  return view ? withItems(answer, control, view.press(control, itemsOf(answer, control), target, newId)) : answer;
}
