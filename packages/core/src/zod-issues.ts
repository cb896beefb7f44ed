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
