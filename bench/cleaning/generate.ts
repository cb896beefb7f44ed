// Seeded generators of benchmark data: short Chinese and English texts with injected near-duplicates, and texts with
// labelled personal information mixed with look-alikes.
import { mulberry32, residentIdCheckChar } from '@biaozhu/core/cleaning/index';

export type Rng = () => number;

export function rng(seed: number): Rng {
  const r = mulberry32(seed);
  return () => r() / 4294967296;
}

const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

// 2,500 common Han characters from the CJK block, spread out so that texts do not share many trigrams by chance.
const HAN = Array.from({ length: 2500 }, (_, i) => String.fromCodePoint(0x4e00 + ((i * 7) % 20000)));
const SYLLABLES = 'ka ki ku ke ko sa shi su se so ta chi tsu te to na ni nu ne no ha hi fu he ho ma mi mu me mo ra ri ru re ro ba be bo da de do ga go pa pe po la li lo an en in on un ar er or str pl tr gr br cl'.split(' ');
const WORDS = Array.from({ length: 3000 }, (_, i) => {
  const r = rng(1000 + i);
  let w = '';
  const n = int(r, 1, 4);
  for (let k = 0; k < n; k++) w += pick(r, SYLLABLES);
  return w;
});

function chinese(r: Rng): string {
  const len = int(r, 50, 100);
  let s = '';
  for (let i = 0; i < len; i++) {
    s += pick(r, HAN);
    if (i > 5 && i < len - 1 && r() < 0.08) s += pick(r, ['，', '、', '；']);
  }
  return s + pick(r, ['。', '！', '？']);
}

function english(r: Rng): string {
  const n = int(r, 10, 18);
  const words: string[] = [];
  for (let i = 0; i < n; i++) words.push(pick(r, WORDS));
  const w0 = words[0]!;
  words[0] = w0.charAt(0).toUpperCase() + w0.slice(1);
  if (r() < 0.3) words.splice(int(r, 1, n - 1), 0, String(int(r, 1, 9999)));
  return words.join(' ').replace(/ (\w+) /, (m) => (r() < 0.3 ? m.trimEnd() + ', ' : m)) + '.';
}

const FULL = (c: string) => (/[!-~]/.test(c) ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c);
const PUNCT_SWAP: Record<string, string> = { '，': ',', ',': '，', '。': '.', '.': '。', '！': '!', '？': '?', '；': ';', '、': ',' };

/** One near-duplicate edit: a substituted or inserted character, a punctuation or width change, or extra spaces. */
function mutate(r: Rng, text: string, zh: boolean): string {
  const chars = Array.from(text);
  const at = int(r, 1, chars.length - 2);
  switch (int(r, 0, 4)) {
    case 0: // substitution
      chars[at] = zh ? pick(r, HAN) : String.fromCharCode(97 + int(r, 0, 25));
      return chars.join('');
    case 1: // insertion
      chars.splice(at, 0, zh ? pick(r, HAN) : String.fromCharCode(97 + int(r, 0, 25)));
      return chars.join('');
    case 2: // punctuation changes
      return chars.map((c) => PUNCT_SWAP[c] ?? c).join('') + (r() < 0.5 ? '' : zh ? '！' : '!');
    case 3: // width changes
      return chars.map((c) => (r() < 0.5 ? FULL(c) : c)).join('');
    default: // whitespace and invisible characters
      chars.splice(at, 0, pick(r, ['  ', '\u200b', '\u3000', ' \t ']));
      return chars.join('');
  }
}

export interface DupRecord {
  id: number;
  cluster: number;
  text: string;
}

/**
 * N records: about 80% distinct texts (half Chinese, half English) and 20% near-duplicates of an earlier text, each
 * made by one or two edits (substitution, insertion, punctuation, width, whitespace). `cluster` is the truth.
 */
export function* nearDuplicateData(n: number, seed: number): Generator<DupRecord> {
  const r = rng(seed);
  const bases: { text: string; zh: boolean; cluster: number }[] = [];
  let clusters = 0;
  for (let id = 0; id < n; id++) {
    if (bases.length > 10 && r() < 0.2) {
      const b = bases[Math.floor(r() * bases.length)]!;
      let t = mutate(r, b.text, b.zh);
      if (r() < 0.5) t = mutate(r, t, b.zh);
      yield { id, cluster: b.cluster, text: t };
    } else {
      const zh = r() < 0.5;
      const text = zh ? chinese(r) : english(r);
      const base = { text, zh, cluster: clusters++ };
      // A bounded pool of recent bases keeps memory flat for large N.
      if (bases.length < 50_000) bases.push(base);
      else bases[Math.floor(r() * bases.length)] = base;
      yield { id, cluster: base.cluster, text };
    }
  }
}

// ---- personal information ----

const AREAS = ['110105', '110108', '310101', '310115', '440305', '440106', '530102', '320102', '330106', '510104', '210102', '420106'];
const PROVINCES = '京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼';
const PLATE_CHARS = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
const digits = (r: Rng, n: number) => Array.from({ length: n }, () => String(int(r, 0, 9))).join('');

function birth(r: Rng): string {
  const y = int(r, 1950, 2005);
  const m = int(r, 1, 12);
  const d = int(r, 1, 28);
  return `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`;
}

function residentId(r: Rng, valid: boolean): string {
  const first = pick(r, AREAS) + birth(r) + digits(r, 3);
  const check = residentIdCheckChar(first);
  if (valid) return first + check;
  const wrong = '0123456789X'.split('').filter((c) => c !== check);
  return first + pick(r, wrong);
}

function luhnComplete(prefix: string): string {
  for (let d = 0; d <= 9; d++) {
    const s = prefix + d;
    let sum = 0;
    let dbl = false;
    for (let i = s.length - 1; i >= 0; i--) {
      let v = s.charCodeAt(i) - 48;
      if (dbl) {
        v *= 2;
        if (v > 9) v -= 9;
      }
      sum += v;
      dbl = !dbl;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

export interface PiiLabel {
  kind: string;
  value: string;
}

export interface PiiCase {
  text: string;
  labels: PiiLabel[];
}

type Piece = { text: string; label?: PiiLabel };

function piiPiece(r: Rng): Piece {
  switch (int(r, 0, 7)) {
    case 0: {
      const v = residentId(r, true);
      return { text: `${pick(r, ['身份证号', '身份证：', 'ID number ', '证件号码'])}${v}`, label: { kind: 'id_card', value: v } };
    }
    case 1: {
      const core = `1${int(r, 3, 9)}${digits(r, 9)}`;
      const v = pick(r, [core, `+86${core}`, `${core.slice(0, 3)}-${core.slice(3, 7)}-${core.slice(7)}`, `+86 ${core}`]);
      return { text: `${pick(r, ['电话', '手机：', '联系方式 ', 'call me at ', 'mobile: '])}${v}`, label: { kind: 'phone', value: v } };
    }
    case 2: {
      const raw = luhnComplete(`62${digits(r, int(r, 13, 16))}`);
      const v = r() < 0.5 ? raw : raw.replace(/(\d{4})(?=\d)/g, '$1 ');
      return { text: `${pick(r, ['银行卡号：', '卡号', '储蓄卡 ', 'card number ', '开户账号'])}${v}`, label: { kind: 'bank_card', value: v } };
    }
    case 3: {
      const v = `${pick(r, WORDS)}${r() < 0.5 ? '.' + pick(r, WORDS) : int(r, 1, 99)}@${pick(r, ['example.com', 'qq.com', '163.com', 'mail.example.cn', 'corp.io'])}`;
      return { text: `${pick(r, ['邮箱 ', 'email: ', '联系邮箱：'])}${v}`, label: { kind: 'email', value: v } };
    }
    case 4: {
      const prov = PROVINCES[int(r, 0, PROVINCES.length - 1)]!;
      const letter = String.fromCharCode(65 + int(r, 0, 25));
      const tail = r() < 0.2 ? `${pick(r, ['D', 'F'])}${digits(r, 5).slice(0, 1)}${digits(r, 4)}` : Array.from({ length: 5 }, () => pick(r, PLATE_CHARS.split(''))).join('');
      const v = prov + letter + tail;
      return { text: `${pick(r, ['车牌', '车牌号：', 'plate '])}${v}`, label: { kind: 'plate', value: v } };
    }
    case 5: {
      const v = `${int(r, 1, 223)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)}`;
      return { text: `${pick(r, ['登录IP ', 'from ip ', '访问地址'])}${v}`, label: { kind: 'ipv4', value: v } };
    }
    case 6: {
      const v = `2001:db8:${digits(r, 2)}a:${int(r, 1, 9)}::${digits(r, 3)}f`;
      return { text: `IPv6 ${v}`, label: { kind: 'ipv6', value: v } };
    }
    default: {
      const v = residentId(r, true);
      return { text: `持卡人身份证${v}`, label: { kind: 'id_card', value: v } };
    }
  }
}

function lookAlike(r: Rng): Piece {
  switch (int(r, 0, 9)) {
    case 0:
      return { text: `身份证号 ${residentId(r, false)}（校验位错误）` };
    case 1:
      return { text: `订单号：${digits(r, int(r, 16, 20))}` };
    case 2:
      return { text: `order no. ${luhnComplete('62' + digits(r, 14))}` };
    case 3:
      return { text: `日期 ${birth(r)}，${int(r, 2000, 2030)}-${String(int(r, 1, 12)).padStart(2, '0')}-${String(int(r, 1, 28)).padStart(2, '0')}` };
    case 4:
      return { text: `时间 ${int(r, 0, 23)}:${String(int(r, 0, 59)).padStart(2, '0')}:${String(int(r, 0, 59)).padStart(2, '0')}` };
    case 5:
      return { text: `运单号 SF${digits(r, 13)}` };
    case 6:
      return { text: `version ${int(r, 1, 9)}.${int(r, 0, 20)}.${int(r, 0, 99)}，金额 ¥${int(r, 1, 99999)}.${digits(r, 2)}` };
    case 7:
      return { text: `编号 1${int(r, 3, 9)}${digits(r, int(r, 11, 13))}` };
    case 8:
      return { text: `无效地址 ${int(r, 256, 999)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 0, 255)}` };
    default:
      return { text: `流水号 ${luhnComplete('62' + digits(r, 16))}` };
  }
}

/** Labelled PII cases: 0-2 real items and 0-2 look-alikes among filler text, in random order. */
export function* piiData(n: number, seed: number): Generator<PiiCase> {
  const r = rng(seed);
  for (let i = 0; i < n; i++) {
    const pieces: Piece[] = [];
    const real = int(r, 0, 2);
    const fake = int(r, 0, 2);
    for (let k = 0; k < real; k++) pieces.push(piiPiece(r));
    for (let k = 0; k < fake; k++) pieces.push(lookAlike(r));
    pieces.push({ text: r() < 0.5 ? chinese(r).slice(0, int(r, 8, 30)) : english(r).slice(0, int(r, 20, 60)) });
    for (let k = pieces.length - 1; k > 0; k--) {
      const j = int(r, 0, k);
      [pieces[k], pieces[j]] = [pieces[j]!, pieces[k]!];
    }
    yield {
      text: pieces.map((p) => p.text).join(pick(r, ['，', '; ', ' ', '。'])),
      labels: pieces.flatMap((p) => (p.label ? [p.label] : [])),
    };
  }
}
