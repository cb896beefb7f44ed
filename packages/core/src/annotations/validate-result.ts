import { resultSchema, type LabelConfig, type ResultEntry } from '@biaozhu/contract';
import { resultIssues, type TaskData } from '@biaozhu/label-types';
import { invalid } from '../errors.js';
import { formatPath, formatZodIssues } from '../zod-issues.js';

/** How many further problems a refusal lists in its details, besides the one it is about. */
const LISTED_ISSUES = 10;

/**
 * Checks a submitted result against the project's label config and the task it answers: the shape is Label
 * Studio's, and each item passes its control type's checks (packages/label-types: choices exist, a span is the text
 * it claims to be, a relation joins regions of this answer, a rating is in range, ...), and every required control
 * is answered. The refusal names the item (`result[3].value.end`) and the control, so the worker or the integrator
 * knows what to fix; its details list the other problems found.
 */
export function validateResult(config: LabelConfig, input: unknown, taskData: TaskData): ResultEntry[] {
  const parsed = resultSchema.safeParse(input);
  if (!parsed.success) {
    throw invalid('invalid_result', formatZodIssues(parsed.error.issues, 'result'), {
      field: formatPath(parsed.error.issues[0]?.path ?? [], 'result'),
    });
  }
  const [first, ...more] = resultIssues(config, parsed.data, taskData);
  if (first !== undefined) {
    const others = more.slice(0, LISTED_ISSUES).map((i) => ({ path: i.path, code: i.code, message: i.message }));
    throw invalid(first.code, `${first.path}: ${first.message}`, others.length > 0 ? { ...first.details, issues: others } : first.details);
  }
  return parsed.data;
}
