import { z } from 'zod';

/**
 * The cleaning pipeline's config (docs/cleaning.md): a text field and an ordered list of steps, each with options
 * and their defaults. The web app builds one, the server validates it at upload (core's parsePipelineConfig names
 * each bad path), and a cleaning report shows it back with the defaults filled in.
 */
const ratio = (what: string) =>
  z.number({ error: `${what} must be a number between 0 and 1` }).min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1');
const count = (min = 0) => z.number().int('must be an integer').min(min, `must be >= ${min}`);

export const PII_KINDS = ['id_card', 'phone', 'bank_card', 'email', 'plate', 'ipv4', 'ipv6'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export const normalizeStepSchema = z.strictObject({
  step: z.literal('normalize'),
  /** Unicode NFKC (also maps full-width ASCII letters, digits and punctuation to half-width). */
  nfkc: z.boolean().default(true),
  /** `keep`: full-width punctuation next to CJK text stays (，！？：；（）); `ascii`: it becomes ASCII too. */
  cjkPunctuation: z.enum(['keep', 'ascii']).default('keep'),
  /** `keep-newlines`: collapse spaces and tabs, trim lines, at most one blank line; `collapse`: all whitespace to one space. */
  whitespace: z.enum(['keep-newlines', 'collapse', 'keep']).default('keep-newlines'),
  /** Remove zero-width characters, BOM, bidi marks and other format characters (Unicode Cf). */
  removeInvisible: z.boolean().default(true),
  /** Remove C0/C1 control characters except tab and newline. */
  removeControl: z.boolean().default(true),
  /** Convert Traditional to Simplified Chinese with OpenCC (opencc-js). */
  toSimplified: z.boolean().default(false),
});

export const languageStepSchema = z.strictObject({
  step: z.literal('language'),
  allowed: z.array(z.string().min(1)).min(1, 'must list at least one language'),
  /** Texts with fewer letters than this are `und` (undetermined). */
  minLetters: count(1).default(2),
  /** Keep or drop texts whose language is undetermined. */
  undetermined: z.enum(['keep', 'drop']).default('drop'),
  /** If set, the detected language is written to this field. */
  field: z.string().min(1).optional(),
});

export const filterStepSchema = z.strictObject({
  step: z.literal('filter'),
  /** Length in Unicode code points, whitespace included. */
  minLength: count(0).default(1),
  maxLength: count(1).optional(),
  /** Share of characters inside runs of 3 or more identical characters. */
  maxRepeatedCharRatio: ratio('maxRepeatedCharRatio').default(0.5),
  /** Share of non-empty lines that repeat an earlier line of the same text. */
  maxRepeatedLineRatio: ratio('maxRepeatedLineRatio').default(0.5),
  /** Share of non-space characters that are neither letters nor digits. */
  maxSymbolRatio: ratio('maxSymbolRatio').default(0.5),
  /** Drop texts with mojibake (UTF-8 read as Latin-1/cp1252 or as GBK) or too many U+FFFD. */
  mojibake: z.boolean().default(true),
  /** Replacement characters (U+FFFD) tolerated before a text counts as mojibake. */
  maxReplacementChars: count(0).default(0),
});

const dedupKey = z.enum(['text', 'loose']);

export const dedupExactStepSchema = z.strictObject({
  step: z.literal('dedup-exact'),
  /** `text`: the text as it reaches this step; `loose`: also lower-cased, without whitespace and punctuation. */
  key: dedupKey.default('text'),
});

export const dedupNearStepSchema = z
  .strictObject({
    step: z.literal('dedup-near'),
    /** Jaccard similarity of character n-gram sets at or above which two texts are duplicates. */
    threshold: ratio('threshold').default(0.8),
    /** Character n-gram length (code points). */
    ngram: count(1).max(16, 'must be <= 16').default(3),
    /** MinHash permutations. */
    numPerm: count(8).max(1024, 'must be <= 1024').default(128),
    /** LSH bands; chosen from threshold and numPerm when left out. */
    bands: count(1).optional(),
    /** Worker threads for hashing; default min(2, cores). 1 hashes in the calling thread. */
    threads: count(1).max(64, 'must be <= 64').optional(),
    seed: z.number().int('must be an integer').default(1),
    key: dedupKey.default('loose'),
  })
  .refine((s) => s.bands === undefined || s.bands <= s.numPerm, { message: 'must be <= numPerm', path: ['bands'] });

export const piiStepSchema = z.strictObject({
  step: z.literal('pii'),
  mode: z.enum(['mask', 'placeholder', 'drop']).default('mask'),
  kinds: z.array(z.enum(PII_KINDS)).min(1, 'must list at least one kind').optional(),
  /** Placeholder language: `[PHONE]` or `[手机号]`. */
  placeholderLanguage: z.enum(['en', 'zh']).default('en'),
  /** Number placeholders per distinct value in a record: `[PHONE_1]`, `[PHONE_2]`. */
  numbered: z.boolean().default(false),
  /** Detections below this confidence are ignored (bank cards without context score low). */
  minConfidence: ratio('minConfidence').default(0.5),
});

export const keywordsStepSchema = z
  .strictObject({
    step: z.literal('keywords'),
    /** category -> terms. */
    library: z.record(z.string(), z.array(z.string())).optional(),
    /** A JSON file holding the library (resolved by the CLI relative to the config file). */
    libraryFile: z.string().min(1).optional(),
    action: z.enum(['flag', 'drop']).default('flag'),
    field: z.string().min(1).default('keywordHits'),
    caseSensitive: z.boolean().default(false),
    /** Maps library categories to TC260-003 risk codes (A.1.1 ... A.5.2) when categories are not named by code. */
    categoryRisks: z.record(z.string(), z.string()).optional(),
  })
  .refine((s) => s.library !== undefined || s.libraryFile !== undefined, {
    message: 'needs library or libraryFile',
    path: ['library'],
  });

export const aigcStepSchema = z.strictObject({
  step: z.literal('aigc'),
  /** Visible label phrases searched in the text (case-insensitive). */
  visibleLabels: z.array(z.string().min(1)).optional(),
  /** If set, `{ metadata, visible }` is written to this field for records with a finding. */
  field: z.string().min(1).optional(),
});

export const STEP_NAMES = ['normalize', 'language', 'filter', 'dedup-exact', 'dedup-near', 'pii', 'keywords', 'aigc'] as const;

export const stepSchema = z.discriminatedUnion(
  'step',
  [
    normalizeStepSchema,
    languageStepSchema,
    filterStepSchema,
    dedupExactStepSchema,
    dedupNearStepSchema,
    piiStepSchema,
    keywordsStepSchema,
    aigcStepSchema,
  ],
  { error: () => `unknown step (expected one of ${STEP_NAMES.join(', ')})` },
);

export const pipelineConfigSchema = z.strictObject({
  textField: z.string().min(1, 'must not be empty').default('text'),
  /** Records whose text field is missing or not a string: passed through untouched, dropped, or an error. */
  missingText: z.enum(['pass', 'drop', 'error']).default('pass'),
  /** Examples kept per finding in the report. */
  maxExamples: count(0).max(1000, 'must be <= 1000').default(5),
  /** Records processed together (bounds memory; workers hash one batch at a time). */
  batchSize: count(1).max(1_000_000, 'must be <= 1000000').default(4096),
  steps: z.array(stepSchema),
});

export type PipelineConfig = z.output<typeof pipelineConfigSchema>;
export type PipelineConfigInput = z.input<typeof pipelineConfigSchema>;
export type StepConfig = z.output<typeof stepSchema>;
export type NormalizeOptions = z.output<typeof normalizeStepSchema>;
export type LanguageOptions = z.output<typeof languageStepSchema>;
export type FilterOptions = z.output<typeof filterStepSchema>;
export type DedupExactOptions = z.output<typeof dedupExactStepSchema>;
export type DedupNearOptions = z.output<typeof dedupNearStepSchema>;
export type PiiOptions = z.output<typeof piiStepSchema>;
export type KeywordsOptions = z.output<typeof keywordsStepSchema>;
export type AigcOptions = z.output<typeof aigcStepSchema>;

/** One example attached to a finding: which record, and a short, already redacted excerpt. */
export interface FindingExample {
  /** 0-based position of the record in the input. */
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

/** What a cleaning run did, step by step. */
export interface CleaningReport {
  textField: string;
  input: number;
  output: number;
  dropped: number;
  /** Records whose text field was missing or not a string. */
  missingText: number;
  steps: StepReport[];
  durationMs: number;
}
