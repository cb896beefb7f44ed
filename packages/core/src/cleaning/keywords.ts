import type { KeywordsOptions } from '@biaozhu/contract';
import { AhoCorasick } from './aho-corasick.js';
import { StepCounter } from './step-counter.js';
import type { CleaningStep, Item } from './types.js';

/** category -> terms, supplied by the client. */
export type KeywordLibrary = Record<string, string[]>;

/**
 * Keyword-library figures from TC260-003-2024 / GB/T 45654-2025 as summarised in /shared/standards/genai-rules-cn.md
 * (status S: secondary source only; policy defaults, not verified clause text).
 */
export const KEYWORD_LIBRARY_RULES = {
  source: 'TC260-003-2024 / GB/T 45654-2025 (keyword library), status S (secondary source only)',
  minTotalTerms: 10_000,
  minTermsPerA1Risk: 200,
  minTermsPerA2Risk: 100,
  a1Risks: 8,
  a2Risks: 9,
  updateAtLeast: 'weekly (not checkable from the library file itself)',
} as const;

export interface LibraryShortfall {
  what: string;
  have: number;
  need: number;
}

export interface LibraryCheck {
  totalTerms: number;
  termsPerRisk: Record<string, number>;
  unmappedCategories: string[];
  shortfalls: LibraryShortfall[];
  source: string;
}

const RISK_CODE = /^A\.[1-5]\.\d{1,2}$/;

/**
 * Checks a keyword library against the size and coverage figures: >= 10,000 distinct terms, >= 200 for each of the 8
 * A.1 risks and >= 100 for each of the 9 A.2 risks. A category counts for a risk when it is named by the risk's code
 * (`A.1.3`) or mapped to it in `categoryRisks`.
 */
export function checkKeywordLibrary(library: KeywordLibrary, categoryRisks: Record<string, string> = {}): LibraryCheck {
  const all = new Set<string>();
  const perRisk = new Map<string, Set<string>>();
  const unmapped: string[] = [];
  for (const [category, terms] of Object.entries(library)) {
    // Own keys only: a category named `constructor` or `toString` must not pick up Object.prototype's members.
    const risk = (Object.hasOwn(categoryRisks, category) ? categoryRisks[category] : undefined) ?? (RISK_CODE.test(category) ? category : undefined);
    if (!risk) unmapped.push(category);
    for (const t of terms) {
      const term = t.trim();
      if (term === '') continue;
      all.add(term);
      if (risk) {
        let s = perRisk.get(risk);
        if (!s) perRisk.set(risk, (s = new Set()));
        s.add(term);
      }
    }
  }
  const R = KEYWORD_LIBRARY_RULES;
  const shortfalls: LibraryShortfall[] = [];
  if (all.size < R.minTotalTerms) shortfalls.push({ what: 'total terms', have: all.size, need: R.minTotalTerms });
  const need = (group: 1 | 2, count: number, min: number) => {
    for (let i = 1; i <= count; i++) {
      const code = `A.${group}.${i}`;
      const have = perRisk.get(code)?.size ?? 0;
      if (have < min) shortfalls.push({ what: `risk ${code}`, have, need: min });
    }
  };
  need(1, R.a1Risks, R.minTermsPerA1Risk);
  need(2, R.a2Risks, R.minTermsPerA2Risk);
  // fromEntries defines own properties, so even a risk named `__proto__` is counted rather than swallowed.
  const termsPerRisk: Record<string, number> = Object.fromEntries(
    [...perRisk].sort(([a], [b]) => a.localeCompare(b)).map(([risk, terms]) => [risk, terms.size]),
  );
  return { totalTerms: all.size, termsPerRisk, unmappedCategories: unmapped, shortfalls, source: R.source };
}

/** Flags (adds a field listing hits) or drops texts containing terms of a client keyword library. */
export class KeywordsStep implements CleaningStep {
  readonly name = 'keywords';
  private readonly counter: StepCounter;
  private readonly matcher: AhoCorasick;
  private readonly termCategory: string[] = [];
  private readonly termText: string[] = [];
  readonly libraryCheck: LibraryCheck;

  constructor(
    private readonly opts: KeywordsOptions,
    maxExamples: number,
  ) {
    if (!opts.library) throw new Error('keywords: the library must be loaded before the step is built (libraryFile is read by the caller)');
    this.counter = new StepCounter(this.name, maxExamples);
    const terms: string[] = [];
    for (const [category, list] of Object.entries(opts.library)) {
      for (const t of list) {
        const term = t.trim();
        if (term === '') continue;
        terms.push(opts.caseSensitive ? term : term.toLowerCase());
        this.termText.push(term);
        this.termCategory.push(category);
      }
    }
    this.matcher = new AhoCorasick(terms);
    this.libraryCheck = checkKeywordLibrary(opts.library, opts.categoryRisks);
  }

  process(batch: Item[]): Item[] {
    const c = this.counter;
    const out: Item[] = [];
    for (const item of batch) {
      c.in++;
      const text = this.opts.caseSensitive ? item.text : item.text.toLowerCase();
      const matches = this.matcher.search(text);
      if (matches.length === 0) {
        c.out++;
        out.push(item);
        continue;
      }
      const hits = new Map<string, Set<string>>();
      for (const m of matches) {
        const cat = this.termCategory[m.term]!;
        let s = hits.get(cat);
        if (!s) hits.set(cat, (s = new Set()));
        s.add(this.termText[m.term]!);
      }
      const list = [...hits].map(([category, terms]) => ({ category, terms: [...terms] }));
      for (const h of list) c.find(h.category, { index: item.index, text: item.text, detail: h.terms.join(', ') });
      if (this.opts.action === 'drop') continue;
      item.extra = { ...item.extra, [this.opts.field]: list };
      c.changed++;
      c.out++;
      out.push(item);
    }
    return out;
  }

  report() {
    return this.counter.report({ action: this.opts.action, library: this.libraryCheck });
  }
}
