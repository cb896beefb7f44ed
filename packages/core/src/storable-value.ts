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
const UNPRINTABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function textProblem(text: string): UnstorableProblem | undefined {
  if (text.includes('\u0000')) return 'nul';
  if (LONE_SURROGATE.test(text)) return 'lone_surrogate';
  return undefined;
}

/**
 * Finds the first string (value or object key) that PostgreSQL cannot store as text — it refuses U+0000, and a lone
 * surrogate is not Unicode at all, so UTF-8 encoders replace it silently — or the first container nested deeper
 * than {@link MAX_NESTING_DEPTH}. Iterative, so a value nested 100,000 deep is reported rather than overflowing the
 * stack. Returns `undefined` when the whole value can be stored.
 */
export function findUnstorable(value: unknown): UnstorableValue | undefined {
  // Frames point at their parent instead of copying paths, so a large record costs no allocation per element.
  const stack: Frame[] = [{ value, key: undefined, parent: undefined, depth: 0 }];
  for (let frame = stack.pop(); frame !== undefined; frame = stack.pop()) {
    const current = frame.value;
    if (typeof current === 'string') {
      const problem = textProblem(current);
      if (problem !== undefined) return { problem, path: pathOf(frame) };
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    // `depth` counts the enclosing containers, so this one sits at level depth + 1.
    if (frame.depth >= MAX_NESTING_DEPTH) return { problem: 'too_deep', path: pathOf(frame) };
    const depth = frame.depth + 1;
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i -= 1) stack.push({ value: current[i], key: i, parent: frame, depth });
      continue;
    }
    const entries = Object.entries(current as Record<string, unknown>);
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, child] = entries[i]!;
      const problem = textProblem(key);
      if (problem !== undefined) return { problem, path: [...pathOf(frame), key] };
      stack.push({ value: child, key, parent: frame, depth });
    }
  }
  return undefined;
}

interface Frame {
  value: unknown;
  key: string | number | undefined;
  parent: Frame | undefined;
  depth: number;
}

function pathOf(frame: Frame): (string | number)[] {
  const path: (string | number)[] = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.push(f.key);
  return path.reverse();
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
