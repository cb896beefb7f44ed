import { invalid, type DomainError } from './errors.js';
import { formatPath } from './zod-issues.js';

/**
 * How deep objects and arrays may nest in anything a client sends: request bodies, submitted results and imported
 * records (the outermost object or array is level 1). Real label configs, results and task data stay far below it;
 * a value nested thousands deep only exists to make recursive code (JSON.stringify, validators) overflow the stack.
 */
export const MAX_NESTING_DEPTH = 64;

/** Why a value cannot be stored: a NUL character, a UTF-16 surrogate without its pair, or too much nesting. */
export type UnstorableProblem = 'nul' | 'lone_surrogate' | 'too_deep';

/** The first part of a value that cannot be stored, and where it is (object keys and array indexes). */
export interface UnstorableValue {
  problem: UnstorableProblem;
  path: (string | number)[];
}

// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const SUSPECT = /[\u0000\uD800-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- finding U+0000 is the point
const UNPRINTABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function textProblem(text: string): UnstorableProblem | undefined {
  // One scan for the common case: no NUL and no surrogate at all (Chinese and most text); pairs (emoji) go on.
  if (!SUSPECT.test(text)) return undefined;
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return undefined;
}

/**
 * Finds the first string (value or object key) that PostgreSQL cannot store as text — it refuses U+0000, and a lone
 * surrogate is not Unicode at all, so UTF-8 encoders replace it silently — or the first container nested deeper
 * than {@link MAX_NESTING_DEPTH}. The walk stops at the limit, so it never recurses deeper than 65 frames and a
 * value nested 100,000 deep is reported rather than overflowing the stack. Returns `undefined` when the whole value
 * can be stored.
 */
export function findUnstorable(value: unknown): UnstorableValue | undefined {
  return find(value, 0);
}

/** `depth` counts the containers around `value`; the path is built on the way back up, only for a fault. */
function find(value: unknown, depth: number): UnstorableValue | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem === undefined ? undefined : { problem, path: [] };
  }
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_NESTING_DEPTH) return { problem: 'too_deep', path: [] };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const fault = find(value[i], depth + 1);
      if (fault !== undefined) {
        fault.path.unshift(i);
        return fault;
      }
    }
    return undefined;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const keyProblem = textProblem(key);
    const fault = keyProblem === undefined ? find(record[key], depth + 1) : { problem: keyProblem, path: [] };
    if (fault !== undefined) {
      fault.path.unshift(key);
      return fault;
    }
  }
  return undefined;
}

/**
 * The text with NUL characters and lone surrogates written as `\u0000`-style escapes, so an error message or a
 * log line can quote user input without itself becoming unstorable (failed imports store their message).
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * The 400 for an unstorable value, naming its field: `root` prefixes the path (`body`, `query`), `where` prefixes the
 * message (`line 3`). A value nested too deep is named by its outermost field only, which is where it was put.
 */
export function unstorableError(fault: UnstorableValue, context: { root?: string; where?: string; details?: Record<string, unknown> } = {}): DomainError {
  const at = context.where ? `${context.where}: ` : '';
  switch (fault.problem) {
    case 'nul': {
      const field = printable(formatPath(fault.path, context.root));
      return invalid('invalid_text', `${at}${field} holds a NUL character (U+0000), which text may not contain`, {
        ...context.details,
        field,
        problem: fault.problem,
      });
    }
    case 'lone_surrogate': {
      const field = printable(formatPath(fault.path, context.root));
      return invalid('invalid_text', `${at}${field} holds a lone UTF-16 surrogate (half of a character), which is not valid Unicode text`, {
        ...context.details,
        field,
        problem: fault.problem,
      });
    }
    case 'too_deep': {
      const field = printable(formatPath(fault.path.slice(0, 1), context.root));
      return invalid('too_deep', `${at}${field} nests objects and arrays deeper than ${MAX_NESTING_DEPTH} levels, the limit`, {
        ...context.details,
        field,
        limit: MAX_NESTING_DEPTH,
      });
    }
  }
}
