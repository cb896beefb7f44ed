import path from 'node:path';
import type { SourceInput } from '@biaozhu/core';
import { UsageError } from './command.js';

/** A flag that must be a positive whole number (ids, ports, counts). */
export function positiveInt(value: string | undefined, flag: string): number {
  const n = Number(value);
  if (value === undefined || !Number.isSafeInteger(n) || n <= 0) throw new UsageError(`${flag} needs a positive whole number, got "${value ?? ''}"`);
  return n;
}

/** The flags that describe where imported data came from, shared by `import` and `intake`. */
export const SOURCE_FLAGS = {
  source: { type: 'string' },
  license: { type: 'string' },
  'collection-method': { type: 'string' },
  'personal-info': { type: 'string' },
  'legal-basis': { type: 'string' },
} as const;

export interface SourceFlagValues {
  source?: string | undefined;
  license?: string | undefined;
  'collection-method'?: string | undefined;
  'personal-info'?: string | undefined;
  'legal-basis'?: string | undefined;
}

/**
 * The source record of an import from its flags. `--personal-info` is `yes` or `no`; left out, it stays unsaid, so a
 * project that requires a complete source record refuses the import instead of reading silence as "no".
 */
export function sourceFromFlags(values: SourceFlagValues, filePath: string): SourceInput {
  const pi = values['personal-info'];
  if (pi !== undefined && pi !== 'yes' && pi !== 'no') throw new UsageError('--personal-info: yes or no');
  return {
    name: values.source ?? path.basename(filePath),
    license: values.license ?? '',
    collectionMethod: values['collection-method'] ?? '',
    ...(pi !== undefined ? { containsPersonalInfo: pi === 'yes' } : {}),
    legalBasis: values['legal-basis'] ?? '',
  };
}
