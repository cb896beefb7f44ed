import type { CleaningReport, PipelineConfig, StepConfig } from '@biaozhu/contract';
import { AigcStep } from './aigc.js';
import { parsePipelineConfig } from './config.js';
import { DedupExactStep } from './dedup-exact.js';
import { DedupNearStep } from './dedup-near.js';
import { FilterStep } from './filter.js';
import { KeywordsStep } from './keywords.js';
import { LanguageStep } from './language.js';
import { NormalizeStep } from './normalize.js';
import { PiiStep } from './pii.js';
import type { CleanRecord, CleaningStep, Item } from './types.js';

/** What a cleaning run did, step by step (its shape is in the contract: the web app shows it). */
export type { CleaningReport };

/** A record whose text field is missing or not a string, with `missingText: "error"`. */
export class MissingTextError extends Error {
  constructor(
    readonly index: number,
    readonly field: string,
  ) {
    super(`record ${index}: field "${field}" is missing or not a string`);
    this.name = 'MissingTextError';
  }
}

export interface PipelineOptions {
  /** Clock for date checks (resident ID birth dates not in the future). */
  now?: () => Date;
}

/** Builds the step object for one validated step config. */
export function createStep(s: StepConfig, maxExamples: number, opts: PipelineOptions = {}): CleaningStep {
  switch (s.step) {
    case 'normalize':
      return new NormalizeStep(s, maxExamples);
    case 'language':
      return new LanguageStep(s, maxExamples);
    case 'filter':
      return new FilterStep(s, maxExamples);
    case 'dedup-exact':
      return new DedupExactStep(s, maxExamples);
    case 'dedup-near':
      return new DedupNearStep(s, maxExamples);
    case 'pii':
      return new PiiStep(s, maxExamples, opts.now);
    case 'keywords':
      return new KeywordsStep(s, maxExamples);
    case 'aigc':
      return new AigcStep(s, maxExamples);
  }
}

/**
 * A cleaning pipeline over a stream of JSON records. Only the text field is read and changed; other fields pass
 * through. Records move in batches of `batchSize`, so memory stays flat apart from the deduplication indexes.
 */
export class CleaningPipeline {
  readonly config: PipelineConfig;
  readonly steps: CleaningStep[];
  private input = 0;
  private output = 0;
  private missingText = 0;
  private started = 0;
  private finished = 0;

  constructor(config: unknown, opts: PipelineOptions = {}) {
    this.config = parsePipelineConfig(config);
    this.steps = this.config.steps.map((s) => createStep(s, this.config.maxExamples, opts));
  }

  /** Cleans a stream of records, yielding survivors in input order; closes the steps (and workers) at the end. */
  async *run(source: AsyncIterable<CleanRecord> | Iterable<CleanRecord>): AsyncGenerator<CleanRecord> {
    this.started = performance.now();
    try {
      for (const s of this.steps) await s.init?.();
      let batch: CleanRecord[] = [];
      for await (const record of source) {
        batch.push(record);
        if (batch.length >= this.config.batchSize) {
          yield* await this.processBatch(batch);
          batch = [];
        }
      }
      if (batch.length > 0) yield* await this.processBatch(batch);
    } finally {
      this.finished = performance.now();
      await this.close();
    }
  }

  private async processBatch(records: CleanRecord[]): Promise<CleanRecord[]> {
    const field = this.config.textField;
    let items: Item[] = [];
    const passThrough: { index: number; record: CleanRecord }[] = [];
    for (const record of records) {
      const index = this.input++;
      const text = record[field];
      if (typeof text === 'string') {
        items.push({ index, record, text });
        continue;
      }
      this.missingText++;
      if (this.config.missingText === 'error') throw new MissingTextError(index, field);
      if (this.config.missingText === 'pass') passThrough.push({ index, record });
    }
    for (const step of this.steps) {
      if (items.length === 0) break;
      items = await step.process(items);
    }
    const out: CleanRecord[] = [];
    let p = 0;
    for (const item of items) {
      while (p < passThrough.length && passThrough[p]!.index < item.index) out.push(passThrough[p++]!.record);
      const changed = item.text !== item.record[field];
      out.push(changed || item.extra ? { ...item.record, [field]: item.text, ...item.extra } : item.record);
    }
    while (p < passThrough.length) out.push(passThrough[p++]!.record);
    this.output += out.length;
    return out;
  }

  /** The report so far (complete once `run` has finished). */
  report(): CleaningReport {
    const end = this.finished || performance.now();
    return {
      textField: this.config.textField,
      input: this.input,
      output: this.output,
      dropped: this.input - this.output,
      missingText: this.missingText,
      steps: this.steps.map((s) => s.report()),
      durationMs: this.started ? Math.round(end - this.started) : 0,
    };
  }

  /** Stops worker threads; safe to call more than once. */
  async close(): Promise<void> {
    for (const s of this.steps) await s.close?.();
  }
}

/** Cleans an in-memory list of records; convenient for tests and small data. */
export async function cleanRecords(config: unknown, records: Iterable<CleanRecord>, opts?: PipelineOptions): Promise<{ records: CleanRecord[]; report: CleaningReport }> {
  const p = new CleaningPipeline(config, opts);
  const out: CleanRecord[] = [];
  for await (const r of p.run(records)) out.push(r);
  return { records: out, report: p.report() };
}
