/** A record read from a data set: any JSON object. Only the configured text field is read or changed. */
export type CleanRecord = Record<string, unknown>;

/** One record moving through the pipeline, with its text pulled out so steps do not touch the record. */
export interface Item {
  /** 0-based position in the input stream. */
  readonly index: number;
  readonly record: CleanRecord;
  text: string;
  /** Extra fields a step wants set on the output record (e.g. keyword hits). */
  extra?: Record<string, unknown>;
}

/** One example attached to a finding: which record, and a short, already redacted excerpt. */
export interface FindingExample {
  index: number;
  text: string;
  detail?: string;
}

export interface Finding {
  count: number;
  examples: FindingExample[];
}

/** What one step did: records in, records out, records whose text (or fields) changed, and what it found. */
export interface StepReport {
  step: string;
  in: number;
  out: number;
  changed: number;
  findings: Record<string, Finding>;
  /** Step-specific figures (e.g. dedup clusters, keyword library shortfalls). */
  details?: Record<string, unknown>;
}

/** A pipeline step. `process` receives a batch in input order and returns the survivors in input order. */
export interface CleaningStep {
  readonly name: string;
  init?(): Promise<void>;
  process(batch: Item[]): Item[] | Promise<Item[]>;
  report(): StepReport;
  close?(): Promise<void>;
}
