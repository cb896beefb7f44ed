import type { ValidationContext } from '../../control-type.js';
import { quote, resultIssue, type ResultIssue } from '../../issues.js';
import type { ResultItem } from '../../result-item.js';
import { stringList } from '../options.js';
import { nodeAt, type TaxonomyControl } from './schema.js';

const pathsOf = (value: unknown): string[][] | null => {
  if (!Array.isArray(value)) return null;
  const paths = value.map(stringList);
  return paths.every((p): p is string[] => p !== null && p.length > 0) ? paths : null;
};

/** `value.taxonomy` is a list of paths from the root, each a real path of the tree (to a leaf when `leafsOnly`). */
export function validateTaxonomy(item: ResultItem, at: string, control: TaxonomyControl, _context: ValidationContext): ResultIssue[] {
  const path = `${at}.value.taxonomy`;
  const name = control.name;
  const paths = pathsOf(item.value.taxonomy);
  if (paths === null) return [resultIssue(path, 'invalid_value', `control "${name}" needs a list of non-empty paths (arrays of strings)`, { control: name })];
  const seen = new Set<string>();
  for (const [j, p] of paths.entries()) {
    const shown = quote(p.join(' / '));
    const node = nodeAt(control.choices, p);
    if (node === undefined) return [resultIssue(`${path}[${j}]`, 'unknown_path', `${shown} is not a path of control "${name}"`, { control: name, path: p.join(' / ') })];
    if (control.leafsOnly === true && node.children !== undefined) {
      return [resultIssue(`${path}[${j}]`, 'not_a_leaf', `${shown} is not a leaf; control "${name}" takes leaves only`, { control: name, path: p.join(' / ') })];
    }
    const key = JSON.stringify(p);
    if (seen.has(key)) return [resultIssue(`${path}[${j}]`, 'duplicate_choice', `${shown} is picked twice`, { control: name })];
    seen.add(key);
  }
  if (control.maxUsages !== undefined && paths.length > control.maxUsages) {
    return [resultIssue(path, 'too_many_paths', `control "${name}" takes at most ${control.maxUsages} path(s), not ${paths.length}`, { control: name, max: control.maxUsages })];
  }
  return [];
}

export const taxonomyAnswer = (item: ResultItem) => (pathsOf(item.value.taxonomy)?.length ?? 0) > 0;
