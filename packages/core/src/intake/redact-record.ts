import type { PiiKind, PiiRedactionPolicy } from '@biaozhu/contract';
import { redactPii, scanPii } from '../cleaning/pii.js';

/** Detections below this confidence are left as they are, as the cleaning pipeline's PII step does by default. */
const MIN_CONFIDENCE = 0.5;

export interface RedactedRecord {
  data: Record<string, unknown>;
  /** How many values of each kind were redacted; empty when the record held none. */
  found: Partial<Record<PiiKind, number>>;
}

/**
 * A record's data with the personal information the project's policy names redacted in every string it holds, at
 * any depth (dialogue turns, list items, an `originalText` kept by the cleaning job): the policy promises that no
 * import stores such values in clear, whichever field they are in. Pure; the same data object comes back when
 * nothing was found.
 */
export function redactRecordData(data: Record<string, unknown>, policy: PiiRedactionPolicy, now: Date): RedactedRecord {
  const found: Partial<Record<PiiKind, number>> = {};
  const redactText = (text: string): string => {
    const hits = scanPii(text, policy.kinds, now, MIN_CONFIDENCE).detections;
    if (hits.length === 0) return text;
    for (const d of hits) found[d.kind] = (found[d.kind] ?? 0) + 1;
    return redactPii(text, hits, policy.mode);
  };
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return redactText(value);
    if (Array.isArray(value)) {
      let changed = false;
      const out = value.map((v) => {
        const r = walk(v);
        if (r !== v) changed = true;
        return r;
      });
      return changed ? out : value;
    }
    if (typeof value === 'object' && value !== null) {
      let out: Record<string, unknown> | undefined;
      for (const [k, v] of Object.entries(value)) {
        const r = walk(v);
        if (r === v) continue;
        out ??= { ...(value as Record<string, unknown>) };
        // defineProperty: a key such as `__proto__` parsed from JSON stays a plain field
        Object.defineProperty(out, k, { value: r, enumerable: true, writable: true, configurable: true });
      }
      return out ?? value;
    }
    return value;
  };
  return { data: walk(data) as Record<string, unknown>, found };
}
