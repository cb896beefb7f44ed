import type { TFunction } from 'i18next';

type Details = Record<string, unknown>;

/** A field path at the start of a server message (`policy.goldRate: Too big`), for codes whose details lack `field`. */
const LEADING_PATH = /^([A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*): /;

/**
 * Where in an imported file a fault is, in the reader's language, as a prefix (`第 3 行：`, `Line 3: `), or '' when
 * the details name no place. The readers put the place in the details: `element` (+ `fileLine`) for JSON arrays,
 * `row` for Parquet, `file` for images, else `line`.
 */
function locationOf(t: TFunction, d: Details): string {
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const element = n(d.element);
  const fileLine = n(d.fileLine);
  if (element !== undefined) {
    return fileLine !== undefined ? t('errors.at.elementLine', { element, line: fileLine }) : t('errors.at.element', { element });
  }
  if (n(d.row) !== undefined) return t('errors.at.row', { row: d.row });
  if (typeof d.file === 'string' && d.file) return t('errors.at.file', { file: d.file });
  if (n(d.line) !== undefined) return t('errors.at.line', { line: d.line });
  return '';
}

/**
 * The values a translated error may use: each detail as text (lists joined with ", "), `field` (from the details,
 * or the more precise path the message starts with) and `at` (see {@link locationOf}).
 */
export function errorValues(t: TFunction, message: string, details: unknown): Record<string, string> {
  const d: Details = details && typeof details === 'object' && !Array.isArray(details) ? (details as Details) : {};
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(d)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values[key] = String(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) values[key] = value.join(', ');
  }
  // The message's leading path when it is the same field more precisely (`policy` -> `policy.minAccuracy`).
  const path = LEADING_PATH.exec(message)?.[1];
  if (path && (values.field === undefined || (path.startsWith(values.field) && /^[.[]/.test(path.slice(values.field.length))))) {
    values.field = path;
  }
  values.at = locationOf(t, d);
  return values;
}

/**
 * The sentence for a server error code (`errors.codes.<code>`) with its details filled in. When a detail the
 * sentence needs is missing, the server's own message is shown instead of a sentence with a gap.
 */
export function translateError(t: TFunction, code: string, message: string, details: unknown): string {
  const text = t(`errors.codes.${code}`, { replace: errorValues(t, message, details) });
  return /\{\{[^}]*\}\}/.test(text) ? message : text;
}

/**
 * A server's refusal kept with a record (a skipped line of an upload, a failed job), in the reader's language: the
 * sentence for its error code when the server sent one that has words, else the server's message (records kept
 * before codes were, and failures without a code, have only that).
 */
export function codedMessageText(t: TFunction, exists: (key: string) => boolean, m: { message: string; code?: string | null | undefined; details?: unknown }): string {
  return m.code && exists(`errors.codes.${m.code}`) ? translateError(t, m.code, m.message, m.details) : m.message;
}
