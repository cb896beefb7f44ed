import type { z } from 'zod';

/** Writes a zod issue path the way users read it in messages: `controls[0].choices[2].hotkey`. */
export function formatIssuePath(path: readonly PropertyKey[], prefix = ''): string {
  let out = prefix;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Turns zod issues into `path: message` lines plus a structured list for error details. */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  prefix = '',
): { text: string; issues: { path: string; message: string }[] } {
  const list = issues.map((issue) => ({ path: formatIssuePath(issue.path, prefix), message: issue.message }));
  return { text: list.map((i) => `${i.path}: ${i.message}`).join('; '), issues: list };
}
