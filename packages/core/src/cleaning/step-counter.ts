import type { Finding, FindingExample, StepReport } from './types.js';

/** Longest excerpt kept in an example, in code points. */
export const EXAMPLE_CHARS = 80;

/** Cuts a text to an excerpt short enough for a report. */
export function excerpt(text: string, max = EXAMPLE_CHARS): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max).join('')}…`;
}

/** Counts in/out/changed and findings with capped examples, shared by every step. */
export class StepCounter {
  in = 0;
  out = 0;
  changed = 0;
  /** By kind; a Map, because kinds include client-chosen names (keyword categories such as `constructor`). */
  private readonly findings = new Map<string, Finding>();

  constructor(
    readonly step: string,
    readonly maxExamples: number,
  ) {}

  /** Adds `n` to a finding's count and keeps the example while fewer than maxExamples are held. */
  find(kind: string, example?: FindingExample, n = 1): void {
    let f = this.findings.get(kind);
    if (!f) {
      f = { count: 0, examples: [] };
      this.findings.set(kind, f);
    }
    f.count += n;
    if (example && f.examples.length < this.maxExamples) {
      f.examples.push({ ...example, text: excerpt(example.text) });
    }
  }

  report(details?: Record<string, unknown>): StepReport {
    const r: StepReport = { step: this.step, in: this.in, out: this.out, changed: this.changed, findings: Object.fromEntries(this.findings) };
    if (details) r.details = details;
    return r;
  }
}
