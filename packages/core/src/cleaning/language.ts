import type { LanguageOptions } from '@biaozhu/contract';
import { StepCounter } from './step-counter.js';
import type { CleaningStep, Item } from './types.js';

const SCRIPTS: [string, RegExp][] = [
  ['Han', /\p{Script=Han}/u],
  ['Kana', /[\p{Script=Hiragana}\p{Script=Katakana}]/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
];

const STOPWORDS: Record<string, Set<string>> = {
  en: new Set('the and of to in is that it for was with as on are be this have not by at from or an they you'.split(' ')),
  fr: new Set('le la les et des est une un du que dans pour pas sur au avec ce il elle sont qui'.split(' ')),
  de: new Set('der die das und ist nicht ein eine zu den von mit sich auf für dem des ich sie wir'.split(' ')),
  es: new Set('el la los las y de que en es un una por con para del se no su al lo como'.split(' ')),
};

/**
 * Guesses a text's language from its letters' scripts. Han counts double (one character carries about a word).
 * Han with kana (>= 10% of Han + kana) is ja, Han alone zh, Hangul ko, Cyrillic ru, Arabic ar, Devanagari hi, Thai th,
 * Greek el, Hebrew he. Latin is told apart by stop words among en, fr, de, es (en when none is found).
 * Returns `und` when the text has fewer than `minLetters` letters.
 */
export function detectLanguage(text: string, minLetters = 2): string {
  const counts = new Map<string, number>();
  let letters = 0;
  for (const ch of text) {
    if (!/\p{L}/u.test(ch)) continue;
    letters++;
    for (const [name, re] of SCRIPTS) {
      if (re.test(ch)) {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        break;
      }
    }
  }
  if (letters < minLetters) return 'und';
  const han = counts.get('Han') ?? 0;
  const kana = counts.get('Kana') ?? 0;
  const cjk = 2 * han + 2 * kana;
  let best = 'Other';
  let bestScore = 0;
  for (const [name, n] of counts) {
    const score = name === 'Han' || name === 'Kana' ? 0 : name === 'Hangul' ? 2 * n : n;
    if (score > bestScore) {
      best = name;
      bestScore = score;
    }
  }
  if (cjk > 0 && cjk >= bestScore) return kana > 0 && kana >= 0.1 * (han + kana) ? 'ja' : 'zh';
  switch (best) {
    case 'Hangul':
      return 'ko';
    case 'Cyrillic':
      return 'ru';
    case 'Arabic':
      return 'ar';
    case 'Devanagari':
      return 'hi';
    case 'Thai':
      return 'th';
    case 'Greek':
      return 'el';
    case 'Hebrew':
      return 'he';
    case 'Latin':
      return latinLanguage(text);
    default:
      return 'und';
  }
}

function latinLanguage(text: string): string {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  let best = 'en';
  let bestHits = 0;
  for (const [lang, stop] of Object.entries(STOPWORDS)) {
    let hits = 0;
    for (const w of words) if (stop.has(w)) hits++;
    if (hits > bestHits) {
      best = lang;
      bestHits = hits;
    }
  }
  return best;
}

/** Keeps texts whose detected language is in the allowed list; optionally records the language in a field. */
export class LanguageStep implements CleaningStep {
  readonly name = 'language';
  private readonly counter: StepCounter;
  private readonly allowed: Set<string>;

  constructor(
    private readonly opts: LanguageOptions,
    maxExamples: number,
  ) {
    this.counter = new StepCounter(this.name, maxExamples);
    this.allowed = new Set(opts.allowed);
  }

  process(batch: Item[]): Item[] {
    const c = this.counter;
    const out: Item[] = [];
    for (const item of batch) {
      c.in++;
      const lang = detectLanguage(item.text, this.opts.minLetters);
      const keep = this.allowed.has(lang) || (lang === 'und' && this.opts.undetermined === 'keep');
      c.find(keep ? `kept:${lang}` : `dropped:${lang}`, keep ? undefined : { index: item.index, text: item.text });
      if (!keep) continue;
      if (this.opts.field) {
        item.extra = { ...item.extra, [this.opts.field]: lang };
        c.changed++;
      }
      c.out++;
      out.push(item);
    }
    return out;
  }

  report() {
    return this.counter.report({ allowed: this.opts.allowed });
  }
}
