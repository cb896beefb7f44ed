import type { ResultItem } from '../../result-item.js';
import { stringList } from '../options.js';
import type { TaxonomyControl, TaxonomyNode } from './schema.js';
import { withOneItem } from '../one-item.js';

/** A path's key in sets and React lists. */
export const pathKey = (path: readonly string[]) => JSON.stringify(path);

/** The paths picked in a control's items. */
export function pickedPaths(items: readonly ResultItem[]): string[][] {
  const value = items[0]?.value.taxonomy;
  if (!Array.isArray(value)) return [];
  return value.map(stringList).filter((p): p is string[] => p !== null && p.length > 0);
}

/** The control's items holding `paths` (none: no item), as Label Studio writes them: `{taxonomy: [[...path]]}`. */
export function withPaths(control: TaxonomyControl, items: readonly ResultItem[], paths: readonly string[][], newId: () => string): ResultItem[] {
  if (paths.length === 0) return [];
  return withOneItem(control, 'taxonomy', items, { taxonomy: paths.map((p) => [...p]) }, newId);
}

/** Whether a node may be picked: a leaf, or any node unless the control takes leaves only. */
export const pickable = (control: TaxonomyControl, node: TaxonomyNode) => control.leafsOnly !== true || node.children === undefined;

/**
 * The items after a path was toggled: a picked path is taken back; a new one is added, or replaces the pick when
 * the control takes one path (`maxUsages` 1). At `maxUsages` nothing more is added (the view says why). A node that
 * may not be picked (not a leaf under `leafsOnly`) changes nothing.
 */
export function togglePath(control: TaxonomyControl, items: readonly ResultItem[], path: readonly string[], node: TaxonomyNode, newId: () => string): ResultItem[] {
  const picked = pickedPaths(items);
  const key = pathKey(path);
  if (picked.some((p) => pathKey(p) === key)) return withPaths(control, items, picked.filter((p) => pathKey(p) !== key), newId);
  if (!pickable(control, node)) return [...items];
  if (control.maxUsages === 1) return withPaths(control, items, [[...path]], newId);
  if (control.maxUsages !== undefined && picked.length >= control.maxUsages) return [...items];
  return withPaths(control, items, [...picked, [...path]], newId);
}

/** One line of the tree as shown: a node, its path and depth, and whether it has children and shows them. */
export interface TreeRow {
  path: string[];
  node: TaxonomyNode;
  depth: number;
  hasChildren: boolean;
  expanded: boolean;
}

const matches = (node: TaxonomyNode, query: string) =>
  node.value.toLocaleLowerCase().includes(query) || (node.hint?.toLocaleLowerCase().includes(query) ?? false);

/**
 * The rows shown, in tree order. Without a search, the children of expanded nodes. With one (case-insensitive, on
 * values and hints), the nodes that match and their ancestors, opened to show them; a match's own children only
 * when it is expanded.
 */
export function visibleRows(tree: readonly TaxonomyNode[], expanded: ReadonlySet<string>, search: string): TreeRow[] {
  const query = search.trim().toLocaleLowerCase();
  const rows: TreeRow[] = [];
  const hasMatch = (node: TaxonomyNode): boolean => matches(node, query) || (node.children ?? []).some(hasMatch);
  const walk = (nodes: readonly TaxonomyNode[], parent: string[], showAll: boolean) => {
    for (const node of nodes) {
      const path = [...parent, node.value];
      const hit = query === '' || matches(node, query);
      const below = query !== '' && (node.children ?? []).some(hasMatch);
      if (!showAll && !hit && !below) continue;
      const open = expanded.has(pathKey(path)) || below;
      rows.push({ path, node, depth: parent.length, hasChildren: node.children !== undefined, expanded: open && node.children !== undefined });
      // Inside a search, an expanded match shows all its children; otherwise only the branches that lead to matches.
      if (node.children && open) walk(node.children, path, showAll || query === '' || (hit && expanded.has(pathKey(path))));
    }
  };
  walk(tree, [], query === '');
  return rows;
}

/** What a tree key does to the cursor and the expanded set; `null` when the key is not the tree's. */
export interface TreeMove {
  cursor: string | null;
  expand?: string;
  collapse?: string;
  toggle?: boolean;
}

/**
 * The tree's keys (WAI-ARIA tree pattern): up/down move, right opens a node or goes to its first child, left closes
 * it or goes to its parent, Home/End jump, Space and Enter toggle the pick.
 */
export function treeKey(rows: readonly TreeRow[], cursor: string | null, key: string): TreeMove | null {
  if (rows.length === 0) return null;
  const at = Math.max(0, rows.findIndex((r) => pathKey(r.path) === cursor));
  const row = rows[at]!;
  const here = pathKey(row.path);
  const to = (i: number) => pathKey(rows[Math.min(rows.length - 1, Math.max(0, i))]!.path);
  switch (key) {
    case 'ArrowDown':
      return { cursor: cursor === null ? to(0) : to(at + 1) };
    case 'ArrowUp':
      return { cursor: to(at - 1) };
    case 'Home':
      return { cursor: to(0) };
    case 'End':
      return { cursor: to(rows.length - 1) };
    case 'ArrowRight':
      if (!row.hasChildren) return { cursor: here };
      return row.expanded ? { cursor: to(at + 1) } : { cursor: here, expand: here };
    case 'ArrowLeft': {
      if (row.hasChildren && row.expanded) return { cursor: here, collapse: here };
      const parent = row.path.length > 1 ? pathKey(row.path.slice(0, -1)) : here;
      return { cursor: parent };
    }
    case ' ':
    case 'Enter':
      return { cursor: here, toggle: true };
    default:
      return null;
  }
}
