import type { LabelConfig } from '@biaozhu/contract';

/** One choices control of a label config: its name, the object it labels, and the choices it offers. */
export interface ChoiceControl {
  name: string;
  toName: string;
  choices: string[];
}

/**
 * The controls whose answers can be compared and aggregated: choices about the whole task (per-region choices and
 * the other control types are not aggregated yet).
 */
export function choiceControls(config: LabelConfig): ChoiceControl[] {
  return config.controls.flatMap((c) =>
    c.type === 'choices' && c.perRegion !== true ? [{ name: c.name, toName: c.toName, choices: c.choices.map((ch) => ch.value) }] : [],
  );
}

/**
 * The answer of each control in a result, as a class id: the JSON of its chosen choices, sorted, so a multiple
 * choice answer is one class and two orders of the same choices are equal. Controls left unanswered are absent.
 */
export function labelsOf(result: unknown): Map<string, string> {
  const labels = new Map<string, string>();
  if (!Array.isArray(result)) return labels;
  for (const item of result as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { from_name: control, value } = item as { from_name?: unknown; value?: { choices?: unknown } };
    const choices = value?.choices;
    if (typeof control !== 'string' || !Array.isArray(choices)) continue;
    labels.set(control, classId(choices.map(String)));
  }
  return labels;
}

/** Class id of a set of chosen choices. */
export function classId(choices: readonly string[]): string {
  return JSON.stringify([...choices].sort());
}

/** The choices a class id stands for. */
export function choicesOf(id: string): string[] {
  return JSON.parse(id) as string[];
}

/** The result of a gold task (`gold_result` holds the Label Studio annotation, whose `result` is the answer). */
export function goldLabels(goldResult: string | null): Map<string, string> {
  if (goldResult === null) return new Map();
  const parsed = JSON.parse(goldResult) as { result?: unknown } | unknown[];
  return labelsOf(Array.isArray(parsed) ? parsed : parsed.result);
}

/** A gold answer is right when every control the gold answers got exactly the gold's choices. */
export function matchesGold(answer: Map<string, string>, gold: Map<string, string>): boolean {
  if (gold.size === 0) return false;
  for (const [control, label] of gold) if (answer.get(control) !== label) return false;
  return true;
}

/** Label Studio result items for per-control class ids (an aggregate or an adjudicated answer). */
export function resultOf(labels: Map<string, string>, controls: readonly ChoiceControl[]): unknown[] {
  const items: unknown[] = [];
  for (const control of controls) {
    const label = labels.get(control.name);
    if (label === undefined) continue;
    items.push({ id: `agg-${control.name}`, from_name: control.name, to_name: control.toName, type: 'choices', value: { choices: choicesOf(label) } });
  }
  return items;
}
