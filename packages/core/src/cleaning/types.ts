import type { Finding, FindingExample, StepReport } from '@biaozhu/contract';

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

// A step's report crosses to the web app, so its shape lives in the contract.
export type { Finding, FindingExample, StepReport };

/** A pipeline step. `process` receives a batch in input order and returns the survivors in input order. */
export interface CleaningStep {
  readonly name: string;
  init?(): Promise<void>;
  process(batch: Item[]): Item[] | Promise<Item[]>;
  report(): StepReport;
  close?(): Promise<void>;
}
