import type { ChoicesControl, LabelConfig, ResultItem } from '@biaozhu/contract';
import { randomId } from '../random-id';

/** The worker's picks, by control name. */
export type Selections = Record<string, string[]>;

/** The first required control left unanswered, if any (its label or name is shown to the worker). */
export function missingRequired(config: LabelConfig, selections: Selections): ChoicesControl | undefined {
  return config.controls.find((c) => c.required !== false && (selections[c.name]?.length ?? 0) === 0);
}

/** Result items in Label Studio's shape, one per answered control. */
export function buildResult(config: LabelConfig, selections: Selections): ResultItem[] {
  const items: ResultItem[] = [];
  for (const control of config.controls) {
    const picked = selections[control.name] ?? [];
    if (picked.length === 0) continue;
    // Keep the config's order, whatever order the keys were pressed in.
    const ordered = control.choices.map((c) => c.value).filter((v) => picked.includes(v));
    items.push({
      id: randomId(10),
      from_name: control.name,
      to_name: control.toName,
      type: 'choices',
      value: { choices: ordered },
    });
  }
  return items;
}

/** Applies one pick: single-choice controls replace the answer, multiple-choice controls toggle it. */
export function pick(selections: Selections, control: ChoicesControl, value: string): Selections {
  const current = selections[control.name] ?? [];
  let next: string[];
  if (control.multiple) next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  else next = [value];
  return { ...selections, [control.name]: next };
}
