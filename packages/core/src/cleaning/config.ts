import { pipelineConfigSchema, type PipelineConfig } from '@biaozhu/contract';

/** A pipeline config that failed validation; `issues` are lines such as `steps[1].threshold: must be between 0 and 1`. */
export class PipelineConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`invalid cleaning config:\n  ${issues.join('\n  ')}`);
    this.name = 'PipelineConfigError';
  }
}

/** Formats a zod path as `steps[1].threshold`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Validates a cleaning pipeline config, filling defaults; throws PipelineConfigError naming each bad path. */
export function parsePipelineConfig(input: unknown): PipelineConfig {
  const r = pipelineConfigSchema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => {
    const message = i.code === 'unrecognized_keys' ? `unknown option(s) ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message;
    return `${formatPath(i.path)}: ${message}`;
  });
  throw new PipelineConfigError(issues);
}
