import type { z } from 'zod';

/** Turns zod issues into one readable line that names each field path, e.g. `controls[0].choices: too small`. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], root?: string): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${formatPath(issue.path, root)}: ${issue.message}`)
    .join('; ');
}

export function formatPath(path: readonly PropertyKey[], root?: string): string {
  let out = root ?? '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(root)';
}

/** Zod issues as one `path: message` line plus a structured list for error details. */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix = '',
): { text: string; issues: { path: string; message: string }[] } {
  const list = issues.map((issue) => ({ path: formatPath(issue.path, prefix), message: issue.message }));
  return { text: list.map((i) => `${i.path}: ${i.message}`).join('; '), issues: list };
}
