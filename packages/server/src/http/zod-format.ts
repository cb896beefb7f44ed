import type { z } from 'zod';

/** One readable line naming each bad field's path, e.g. `body.result[0].from_name: Required`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root: string): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      let path = root;
      for (const key of issue.path) path += typeof key === 'number' ? `[${key}]` : `.${String(key)}`;
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}
