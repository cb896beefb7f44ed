import { PII_KINDS, type PiiKind, type PiiOptions } from '@biaozhu/contract';
import { luhnValid, validateResidentId, validIpv4, validIpv6 } from './pii-validators.js';
import { StepCounter, excerpt } from './step-counter.js';
import type { CleaningStep, Item } from './types.js';

/** One piece of personal information found in a text: kind, UTF-16 offsets [start, end), value and confidence. */
export interface PiiDetection {
  kind: PiiKind;
  start: number;
  end: number;
  value: string;
  confidence: number;
}

/** A digit run that looked like an identifier but failed its validator (kept for the report, never redacted). */
export interface PiiRejection {
  kind: PiiKind;
  reason: string;
  value: string;
}

export interface PiiScan {
  detections: PiiDetection[];
  rejections: PiiRejection[];
}

const RE = {
  id_card: /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g,
  phone: /(?<![\d+])(?:\+?86[- ]?)?1[3-9]\d(?:\d{8}|([- ])\d{4}\1\d{4})(?!\d)/g,
  bank_card: /(?<![\dA-Za-z]|\d[ -])(?:\d{16,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?|\d{6}([ -])\d{10,13})(?![\dA-Za-z]|[ -]\d)/g,
  email: /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
  plate:
    /(?<![A-Za-z0-9])[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼使领][A-Z]·?(?:\d{5}[DF]|[DF][A-HJ-NP-Z0-9]\d{4}|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳])(?![A-Za-z0-9])/g,
  ipv4: /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)/g,
  ipv6: /(?<![0-9A-Fa-f:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f]{0,4})(?![0-9A-Za-z:])/g,
} satisfies Record<PiiKind, RegExp>;

/** When two detections overlap, the kind listed first wins (an ID is not also a bank card). */
const PRIORITY: readonly PiiKind[] = ['email', 'id_card', 'bank_card', 'phone', 'ipv6', 'ipv4', 'plate'];

const CARD_CONTEXT = /(卡号|银行卡|信用卡|借记卡|储蓄卡|银联|账号|帐号|账户|开户|card|account|acct)/i;
const NUMBER_CONTEXT = /(订单|单号|编号|流水|运单|快递|物流|发票|工单|批次|序列号|条码|\b(order|tracking|invoice|serial|ref|no\.))/i;
// A digit run shaped like a resident ID after ID words is an ID look-alike, never a bank card.
const ID_CONTEXT = /(身份证|证件|\bID\b)/i;
const CONTEXT_CHARS = 16;

/** The CONTEXT_CHARS characters before `start`, without a word cut in half at the window's edge. */
function before(text: string, start: number): string {
  const from = Math.max(0, start - CONTEXT_CHARS);
  const ctx = text.slice(from, start);
  return from > 0 && /[A-Za-z0-9]/.test(text[from - 1]!) ? ctx.replace(/^[A-Za-z0-9]+/, '') : ctx;
}

/**
 * Confidence of a Luhn-valid 16-19 digit run being a bank card: 0.3, +0.2 for a UnionPay prefix (62), +0.5 after card
 * words (卡号, 银行卡, card...), -0.5 after order/serial words or ID words. Luhn alone passes 10% of random numbers.
 */
export function bankCardConfidence(digits: string, context: string): number {
  let c = 0.3;
  if (digits.startsWith('62')) c += 0.2;
  if (CARD_CONTEXT.test(context)) c += 0.5;
  if (NUMBER_CONTEXT.test(context) || ID_CONTEXT.test(context)) c -= 0.5;
  return Math.max(0, Math.min(1, c));
}

/**
 * Finds personal information per /shared/standards/pii-cn.md. Validators (GB 11643 check character and birth date,
 * Luhn, octet ranges) separate real identifiers from look-alikes, which are returned as rejections. Detections below
 * `minConfidence` (default 0.5, e.g. a Luhn-valid order number) are left out; pass 0 to see them all.
 */
export function scanPii(text: string, kinds: readonly PiiKind[] = PII_KINDS, now: Date = new Date(), minConfidence = 0.5): PiiScan {
  const found: PiiDetection[] = [];
  const rejections: PiiRejection[] = [];
  const want = new Set(kinds);
  // Resident IDs are always scanned so that a valid ID is never mistaken for a bank card or phone number, and an
  // ID-shaped run with a wrong check character (real birth date) is a bank card only after card words.
  const idLookAlikes = new Set<number>();
  for (const m of text.matchAll(RE.id_card)) {
    const v = validateResidentId(m[0], now);
    if (v === 'valid') found.push({ kind: 'id_card', start: m.index, end: m.index + m[0].length, value: m[0], confidence: 1 });
    else {
      rejections.push({ kind: 'id_card', reason: v, value: m[0] });
      if (v === 'bad_check') idLookAlikes.add(m.index);
    }
  }
  if (want.has('phone') || want.has('bank_card')) {
    for (const m of text.matchAll(RE.phone)) {
      const conf = NUMBER_CONTEXT.test(before(text, m.index)) ? 0.3 : 0.9;
      found.push({ kind: 'phone', start: m.index, end: m.index + m[0].length, value: m[0], confidence: conf });
    }
    for (const m of text.matchAll(RE.bank_card)) {
      const digits = m[0].replace(/[ -]/g, '');
      if (!luhnValid(digits)) {
        rejections.push({ kind: 'bank_card', reason: 'luhn', value: m[0] });
        continue;
      }
      // An ID-shaped run with a wrong check character needs card words before it to count as a card.
      const idShaped = idLookAlikes.has(m.index) && digits.length === 18;
      const conf = bankCardConfidence(digits, before(text, m.index)) - (idShaped ? 0.3 : 0);
      found.push({ kind: 'bank_card', start: m.index, end: m.index + m[0].length, value: m[0], confidence: conf });
    }
  }
  if (want.has('email')) {
    for (const m of text.matchAll(RE.email)) {
      found.push({ kind: 'email', start: m.index, end: m.index + m[0].length, value: m[0], confidence: 0.95 });
    }
  }
  if (want.has('plate')) {
    for (const m of text.matchAll(RE.plate)) {
      found.push({ kind: 'plate', start: m.index, end: m.index + m[0].length, value: m[0], confidence: 0.85 });
    }
  }
  if (want.has('ipv4')) {
    for (const m of text.matchAll(RE.ipv4)) {
      if (validIpv4(m[0])) found.push({ kind: 'ipv4', start: m.index, end: m.index + m[0].length, value: m[0], confidence: 0.9 });
      else rejections.push({ kind: 'ipv4', reason: 'octet', value: m[0] });
    }
  }
  if (want.has('ipv6')) {
    for (const m of text.matchAll(RE.ipv6)) {
      const groups = m[0].split(':').filter((g) => g !== '' && !g.includes('.'));
      const hexDigits = groups.reduce((n, g) => n + g.length, 0);
      if (groups.length >= 2 && hexDigits >= 5 && validIpv6(m[0])) {
        found.push({ kind: 'ipv6', start: m.index, end: m.index + m[0].length, value: m[0], confidence: 0.9 });
      }
    }
  }
  found.sort((a, b) => a.start - b.start || PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind) || b.end - a.end);
  const detections: PiiDetection[] = [];
  for (const d of found) {
    const clash = detections.findIndex((k) => d.start < k.end && k.start < d.end);
    if (clash === -1) {
      detections.push(d);
    } else if (PRIORITY.indexOf(d.kind) < PRIORITY.indexOf(detections[clash]!.kind)) {
      detections[clash] = d;
    }
  }
  return {
    detections: detections.filter((d) => want.has(d.kind) && d.confidence >= minConfidence).sort((a, b) => a.start - b.start),
    rejections,
  };
}

/** Replaces the maskable characters of `value` (per `maskable`) with `*`, keeping the first `keepStart` and last `keepEnd`. */
function maskMiddle(value: string, keepStart: number, keepEnd: number, maskable: RegExp): string {
  const chars = Array.from(value);
  const positions = chars.map((c, i) => (maskable.test(c) ? i : -1)).filter((i) => i >= 0);
  const hide = new Set(positions.slice(keepStart, Math.max(keepStart, positions.length - keepEnd)));
  return chars.map((c, i) => (hide.has(i) ? '*' : c)).join('');
}

/** Masks a detected value keeping its length and format: `110105********002X`, `138****5678`. */
export function maskPii(kind: PiiKind, value: string): string {
  switch (kind) {
    case 'id_card':
      return maskMiddle(value, 6, 4, /[\dXx]/);
    case 'phone': {
      const prefix = /^\+?86[- ]?(?=1)/.exec(value)?.[0] ?? '';
      return prefix + maskMiddle(value.slice(prefix.length), 3, 4, /\d/);
    }
    case 'bank_card':
      return maskMiddle(value, 4, 4, /\d/);
    case 'email': {
      const at = value.lastIndexOf('@');
      const local = value.slice(0, at);
      return local.slice(0, 1) + '*'.repeat(Math.max(0, local.length - 1)) + value.slice(at);
    }
    case 'plate':
      return maskMiddle(value, 2, 1, /[^·]/);
    case 'ipv4': {
      const [a, b, ...rest] = value.split('.');
      return [a, b, ...rest.map((o) => '*'.repeat(o.length))].join('.');
    }
    case 'ipv6': {
      const groups = value.split(':');
      let seen = 0;
      return groups.map((g) => (g === '' ? g : seen++ < 2 ? g : g.replace(/[0-9A-Fa-f]/g, '*'))).join(':');
    }
  }
}

const PLACEHOLDER: Record<'en' | 'zh', Record<PiiKind, string>> = {
  en: { id_card: 'ID_NUMBER', phone: 'PHONE', bank_card: 'BANK_CARD', email: 'EMAIL', plate: 'PLATE', ipv4: 'IP', ipv6: 'IP' },
  zh: { id_card: '身份证号', phone: '手机号', bank_card: '银行卡号', email: '邮箱', plate: '车牌号', ipv4: 'IP地址', ipv6: 'IP地址' },
};

/**
 * Rewrites a text with its detections masked or replaced by typed placeholders. Placeholders are consistent within
 * the text: the same value always maps to the same token (numbered per distinct value when `numbered`).
 */
export function redactPii(
  text: string,
  detections: readonly PiiDetection[],
  mode: 'mask' | 'placeholder',
  placeholderLanguage: 'en' | 'zh' = 'en',
  numbered = false,
): string {
  const tokens = new Map<string, string>();
  const perLabel = new Map<string, number>();
  let out = '';
  let pos = 0;
  for (const d of detections) {
    out += text.slice(pos, d.start);
    if (mode === 'mask') {
      out += maskPii(d.kind, d.value);
    } else {
      const label = PLACEHOLDER[placeholderLanguage][d.kind];
      const key = `${label}\u0000${d.value.replace(/[ -]/g, '').toUpperCase()}`;
      let token = tokens.get(key);
      if (!token) {
        const n = (perLabel.get(label) ?? 0) + 1;
        perLabel.set(label, n);
        token = numbered ? `[${label}_${n}]` : `[${label}]`;
        tokens.set(key, token);
      }
      out += token;
    }
    pos = d.end;
  }
  return out + text.slice(pos);
}

/** Finds personal information and masks it, replaces it with placeholders or drops the record; counts per kind. */
export class PiiStep implements CleaningStep {
  readonly name = 'pii';
  private readonly counter: StepCounter;
  private readonly kinds: readonly PiiKind[];
  private recordsWithPii = 0;

  constructor(
    private readonly opts: PiiOptions,
    maxExamples: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.counter = new StepCounter(this.name, maxExamples);
    this.kinds = opts.kinds ?? PII_KINDS;
  }

  process(batch: Item[]): Item[] {
    const c = this.counter;
    const out: Item[] = [];
    const now = this.now();
    for (const item of batch) {
      c.in++;
      const scan = scanPii(item.text, this.kinds, now, 0);
      for (const r of scan.rejections) {
        c.find(`rejected:${r.kind}:${r.reason}`, { index: item.index, text: maskPii(r.kind === 'ipv4' ? 'ipv4' : 'id_card', r.value) });
      }
      const hits = scan.detections.filter((d) => d.confidence >= this.opts.minConfidence);
      const low = scan.detections.length - hits.length;
      if (low > 0) c.find('below_confidence', undefined, low);
      if (hits.length === 0) {
        out.push(item);
        c.out++;
        continue;
      }
      this.recordsWithPii++;
      const masked = redactPii(item.text, hits, 'mask');
      for (const d of hits) c.find(d.kind, { index: item.index, text: excerpt(masked), detail: maskPii(d.kind, d.value) });
      if (this.opts.mode === 'drop') continue;
      item.text = this.opts.mode === 'mask' ? masked : redactPii(item.text, hits, 'placeholder', this.opts.placeholderLanguage, this.opts.numbered);
      c.changed++;
      c.out++;
      out.push(item);
    }
    return out;
  }

  report() {
    return this.counter.report({ mode: this.opts.mode, recordsWithPii: this.recordsWithPii, kinds: this.kinds });
  }
}
