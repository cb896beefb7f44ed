import type { z } from 'zod';
import { quote, resultIssue, type ResultIssue } from '../issues.js';
import { configIssueParams } from '../config-issues.js';

/**
 * Adds an issue for each repeated option value and each repeated hotkey among `options` (found at `path` inside the
 * control), so a config cannot offer two choices, labels or relation labels that a result could not tell apart.
 */
export function refuseRepeats(
  options: readonly { value: string; hotkey?: string | undefined }[],
  path: string,
  what: string,
  ctx: z.RefinementCtx,
): void {
  const values = new Set<string>();
  const keys = new Set<string>();
  options.forEach((option, j) => {
    if (values.has(option.value)) ctx.addIssue({ code: 'custom', path: [path, j, 'value'], message: `duplicate ${what} "${option.value}"`, params: configIssueParams('duplicate_option', { value: option.value }) });
    values.add(option.value);
    if (option.hotkey !== undefined) {
      if (keys.has(option.hotkey)) ctx.addIssue({ code: 'custom', path: [path, j, 'hotkey'], message: `hotkey "${option.hotkey}" used twice`, params: configIssueParams('hotkey_twice', { key: option.hotkey }) });
      keys.add(option.hotkey);
    }
  });
}

/** An answer's list of strings, or null when it is not one (the caller reports `invalid_value`). */
export function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((v): v is string => typeof v === 'string') ? value : null;
}

interface PickRules {
  control: string;
  allowed: readonly string[];
  multiple: boolean;
  /** `choice` or `label`: the codes and messages are built from it. */
  noun: 'choice' | 'label';
  /** What one item is about, in messages: `per span`. */
  per?: string;
  /** Whether an empty list is an answer of its own (choices: a cleared answer) or a mistake (a span with no label). */
  emptyAllowed: boolean;
}

/**
 * Checks a list of picked options: strings, each one of `allowed`, one unless `multiple`, none repeated. Choices,
 * span labels and relation labels share these rules and differ only in their nouns.
 */
export function checkPicks(value: unknown, path: string, rules: PickRules): ResultIssue[] {
  const { control, noun } = rules;
  const picks = stringList(value);
  if (picks === null || (!rules.emptyAllowed && picks.length === 0)) {
    const need = rules.emptyAllowed ? 'an array of strings' : `a non-empty array of ${noun}s`;
    return [resultIssue(path, 'invalid_value', `control "${control}" needs ${need}`, { control })];
  }
  const unknown = picks.find((p) => !rules.allowed.includes(p));
  if (unknown !== undefined) {
    return [
      resultIssue(path, `unknown_${noun}`, `${quote(unknown)} is not a ${noun} of control "${control}"`, {
        control,
        [noun]: unknown,
        allowed: [...rules.allowed],
      }),
    ];
  }
  if (!rules.multiple && picks.length > 1) {
    return [resultIssue(path, `too_many_${noun}s`, `control "${control}" takes one ${noun}${rules.per ? ` ${rules.per}` : ''}`, { control })];
  }
  if (new Set(picks).size !== picks.length) return [resultIssue(path, `duplicate_${noun}`, `a ${noun} is repeated`, { control })];
  return [];
}
