import { RESULT_ISSUE_CODES } from '@biaozhu/label-types';
import { createInstance } from 'i18next';
import { describe, expect, it } from 'vitest';
import { translateError } from '../components/error-text';
import en from './en.json';
import zhCN from './zh-CN.json';

/**
 * Every error code the server can send must have a zh-CN and an en sentence under `errors.codes`, or the zh-CN
 * interface shows the server's English. The codes are collected from the server and core source text: the error
 * helpers (`invalid`, `conflict`, `forbidden`, `notFound`, `new DomainError`, `badRecord`) and the error mapping's
 * own `body(...)` codes. A code the scan cannot read (not a string literal) fails the test until it is expanded below.
 */
const SOURCES = import.meta.glob<string>(['../../../core/src/**/*.ts', '../../../server/src/**/*.ts', '!**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Codes built at run time, by the template text in the source. */
const TEMPLATES: Record<string, (routeParams: string[]) => string[]> = {
  // errors.ts: the notFound helper itself; its codes are collected from the notFound('what', id) calls
  '${what}_not_found': () => [],
  // lease-actions.ts: a heartbeat on an assignment that is no longer leased nor expired
  'assignment_${a.status}': () => ['assignment_submitted', 'assignment_skipped'],
  // route.ts: a path parameter that is not a positive integer, e.g. `projectId_not_found`
  '${key}_not_found': (params) => params.map((p) => `${p}_not_found`),
};

/**
 * Codes that do not appear as literals: the error mapping passes Fastify's own 4xx codes through lowercased
 * (`fe.code.toLowerCase()`, or `bad_request` without one); these are the ones its routes and plugins can raise.
 */
const PASSED_THROUGH = [
  'bad_request',
  'fst_err_ctp_invalid_content_length',
  'fst_err_bad_url',
  'fst_err_max_param_length',
  'fst_invalid_multipart_content_type',
  'fst_invalid_json_field_error',
  'fst_proto_violation',
  'fst_mp_premature_close',
];

/** Calls whose code argument is a variable on purpose: helper definitions and pass-throughs handled above. */
const NOT_A_CODE = [
  /^new DomainError\('(?:invalid|conflict|forbidden)', code,/, // errors.ts: the helpers themselves
  /^invalid\(code, `\$\{at\.where\}/, // task-record.ts: badRecord passes its literal code on
  /^body\(code: string/, // error-mapping.ts: the definition
  /^body\(error\.code, /, // error-mapping.ts: a DomainError's own code
  /^body\(fe\.code \? fe\.code\.toLowerCase\(\) : 'bad_request'/, // error-mapping.ts: PASSED_THROUGH
  /^invalid\(first\.code, /, // annotations/validate-result.ts: a result check's code, from RESULT_ISSUE_CODES below
];

const LITERAL = /^(['"`])((?:(?!\1)[^\\]|\\.)*)\1/;
const CALLS: { re: RegExp; code: (arg: string) => string; serverOnly?: boolean }[] = [
  { re: /\b(?:invalid|conflict|forbidden)\(\s*/g, code: (a) => a },
  { re: /\bnew DomainError\(\s*'[a-z_]+',\s*/g, code: (a) => a },
  { re: /\bbadRecord\(\s*\w+,\s*/g, code: (a) => a },
  { re: /\bnotFound\(\s*/g, code: (a) => `${a}_not_found` },
  { re: /\bbody\(\s*/g, code: (a) => a, serverOnly: true },
];

function collectCodes(): { codes: Map<string, string[]>; unreadable: string[] } {
  const codes = new Map<string, string[]>();
  const unreadable: string[] = [];
  const add = (code: string, where: string) => codes.set(code, [...(codes.get(code) ?? []), where]);
  const routeParams = new Set<string>();
  for (const [file, text] of Object.entries(SOURCES)) {
    if (file.includes('/server/src/')) for (const m of text.matchAll(/\burl: '([^']*)'/g)) for (const p of m[1]!.matchAll(/:(\w+)/g)) routeParams.add(p[1]!);
  }
  for (const [file, text] of Object.entries(SOURCES)) {
    const short = file.replace(/^(\.\.\/)+/, '');
    for (const call of CALLS) {
      if (call.serverOnly && !file.includes('/server/src/')) continue;
      for (const m of text.matchAll(call.re)) {
        const at = m.index + m[0].length;
        const line = text.slice(0, at).split('\n').length;
        const where = `${short}:${line}`;
        const literal = LITERAL.exec(text.slice(at));
        const callText = text.slice(m.index, m.index + 120).replace(/\s+/g, ' ');
        if (!literal) {
          if (!NOT_A_CODE.some((re) => re.test(callText))) unreadable.push(`${where}: ${callText.slice(0, 80)}`);
          continue;
        }
        const raw = literal[2]!;
        if (raw.includes('${')) {
          const expand = TEMPLATES[call.code(raw)];
          if (expand) for (const c of expand([...routeParams])) add(c, where);
          else unreadable.push(`${where}: code template ${call.code(raw)}`);
        } else add(call.code(raw), where);
      }
    }
  }
  for (const c of PASSED_THROUGH) add(c, 'server/src/http/error-mapping.ts (passed through)');
  for (const c of RESULT_ISSUE_CODES) add(c, 'label-types/src/issues.ts (result checks, sent by annotations/validate-result.ts)');
  return { codes, unreadable };
}

const VAR = /\{\{\s*([^},\s]+)[^}]*\}\}/g;
const varsOf = (text: string) => [...new Set([...text.matchAll(VAR)].map((m) => m[1]!))].sort();
const translations = { 'zh-CN': zhCN.errors.codes as Record<string, string>, en: en.errors.codes as Record<string, string> };

describe('error codes sent by the server', () => {
  const { codes, unreadable } = collectCodes();

  it('are all found by the scan (a new way of building a code needs a TEMPLATES or NOT_A_CODE entry)', () => {
    expect(codes.size).toBeGreaterThan(80);
    expect(unreadable).toEqual([]);
  });

  it('each have a zh-CN and an en translation', () => {
    const missing: string[] = [];
    for (const [code, sites] of codes) {
      for (const [lang, table] of Object.entries(translations)) {
        if (typeof table[code] !== 'string' || table[code].trim() === '') missing.push(`${lang}: errors.codes.${code} (thrown at ${sites[0]})`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('use the same {{variables}} in both languages', () => {
    const mismatched: string[] = [];
    for (const code of new Set([...Object.keys(translations['zh-CN']), ...Object.keys(translations.en)])) {
      const zh = varsOf(translations['zh-CN'][code] ?? '');
      const e = varsOf(translations.en[code] ?? '');
      if (zh.join() !== e.join()) mismatched.push(`errors.codes.${code}: zh-CN {{${zh.join('}}, {{')}}} vs en {{${e.join('}}, {{')}}}`);
    }
    const zhAt = zhCN.errors.at as Record<string, string>;
    const enAt = en.errors.at as Record<string, string>;
    for (const key of new Set([...Object.keys(zhAt), ...Object.keys(enAt)])) {
      if (varsOf(zhAt[key] ?? '').join() !== varsOf(enAt[key] ?? '').join()) mismatched.push(`errors.at.${key}`);
    }
    expect(mismatched).toEqual([]);
  });

  it('keep the zh-CN translations in Chinese', () => {
    const english = Object.entries(translations['zh-CN'])
      .filter(([, text]) => !/[\u4e00-\u9fff]/.test(text))
      .map(([code]) => code);
    expect(english).toEqual([]);
  });
});

describe('translateError', () => {
  const i18n = createInstance();
  void i18n.init({
    lng: 'zh-CN',
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
  });
  const t = i18n.t.bind(i18n);

  it('fills in the details', () => {
    const text = translateError(t, 'stale_guideline', 'the guidelines changed', { seen: 2, current: 3 });
    expect(text).toContain('2');
    expect(text).toContain('3');
    expect(text).not.toContain('{{');
  });

  it('names where in an imported file the fault is', () => {
    expect(translateError(t, 'bad_json', 'line 7: invalid JSON', { line: 7, byte: 120 })).toContain('第 7 行');
    const element = translateError(t, 'bad_json', 'element 3 (line 10): invalid JSON', { line: 3, element: 3, fileLine: 10, byte: 99 });
    expect(element).toContain('第 3 条');
    expect(element).toContain('第 10 行');
  });

  it('takes the field from the message when the details lack it', () => {
    expect(translateError(t, 'invalid_policy', 'policy.goldRate: Too big: expected number to be <=1', {})).toContain('policy.goldRate');
  });

  it('shows the server message rather than an unfilled {{variable}}', () => {
    expect(translateError(t, 'stale_guideline', 'the guidelines changed', {})).toBe('the guidelines changed');
  });
});
