import { resultSchema, type LabelConfig, type ResultItem } from '@biaozhu/contract';
import { invalid } from '../errors.js';
import { formatPath, formatZodIssues } from '../zod-issues.js';

/**
 * Checks a submitted result against the project's label config: the shape is Label Studio's, every item names a
 * known control and its object, choices exist, single-choice controls hold one value, and every required control is
 * answered. Errors name the control (and the item index), so the worker or the integrator knows what to fix.
 */
export function validateResult(config: LabelConfig, input: unknown): ResultItem[] {
  const parsed = resultSchema.safeParse(input);
  if (!parsed.success) {
    throw invalid('invalid_result', formatZodIssues(parsed.error.issues, 'result'), {
      field: formatPath(parsed.error.issues[0]?.path ?? [], 'result'),
    });
  }
  const items = parsed.data;
  const answered = new Set<string>();
  items.forEach((item, index) => {
    const control = config.controls.find((c) => c.name === item.from_name);
    if (!control) {
      throw invalid('unknown_control', `result[${index}].from_name: no control named "${item.from_name}" in this project`, {
        control: item.from_name,
        index,
      });
    }
    if (item.to_name !== control.toName) {
      throw invalid('wrong_object', `result[${index}].to_name: control "${control.name}" applies to "${control.toName}", not "${item.to_name}"`, {
        control: control.name,
        index,
      });
    }
    if (item.type !== control.type) {
      throw invalid('wrong_type', `result[${index}].type: control "${control.name}" is of type "${control.type}", not "${item.type}"`, {
        control: control.name,
        index,
      });
    }
    // exhaustive over control types: each adds its own value check here
    switch (control.type) {
      case 'choices': {
        const choices = (item.value as { choices?: unknown }).choices;
        if (!Array.isArray(choices) || choices.some((c) => typeof c !== 'string')) {
          throw invalid('invalid_value', `result[${index}].value.choices: control "${control.name}" needs an array of strings`, {
            control: control.name,
            index,
          });
        }
        const allowed = new Set(control.choices.map((c) => c.value));
        for (const choice of choices as string[]) {
          if (!allowed.has(choice)) {
            throw invalid('unknown_choice', `result[${index}].value.choices: "${choice}" is not a choice of control "${control.name}"`, {
              control: control.name,
              choice,
              allowed: [...allowed],
            });
          }
        }
        if (!control.multiple && choices.length > 1) {
          throw invalid('too_many_choices', `result[${index}].value.choices: control "${control.name}" takes one choice`, { control: control.name });
        }
        if (new Set(choices).size !== choices.length) {
          throw invalid('duplicate_choice', `result[${index}].value.choices: a choice is repeated`, { control: control.name });
        }
        if (choices.length > 0) {
          if (answered.has(control.name)) {
            throw invalid('duplicate_control', `result[${index}]: control "${control.name}" is answered twice`, { control: control.name });
          }
          answered.add(control.name);
        }
        break;
      }
    }
  });
  for (const control of config.controls) {
    if (control.required && !answered.has(control.name)) {
      throw invalid('missing_required', `result: required control "${control.name}" has no answer`, { control: control.name });
    }
  }
  return items;
}
