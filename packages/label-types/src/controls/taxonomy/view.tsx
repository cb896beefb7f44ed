import { useRef, useState, type KeyboardEvent } from 'react';
import type { ControlView, ControlViewProps } from '../../view-kit.js';
import { useFocusOnActivate } from '../view-focus.js';
import type { TaxonomyControl } from './schema.js';
import { pathKey, pickable, pickedPaths, togglePath, treeKey, visibleRows } from './tree.js';
import { ControlFrame } from '../control-frame.js';

/**
 * A taxonomy control: a search box over a tree that opens and closes, the picked paths as chips. Keyboard: moving
 * to the control puts the focus in the search box; ↓ goes into the tree, where ↑/↓ move, →/← open and close,
 * Space or Enter picks, Esc leaves. Enter in the search box picks the first match.
 */
export function TaxonomyControlView({ control, items, onChange, active, onActivate, text, newId }: ControlViewProps<TaxonomyControl>) {
  const [search, setSearch] = useState('');
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [cursor, setCursor] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);
  const tree = useRef<HTMLDivElement>(null);
  useFocusOnActivate(active, box, 'input');
  const picked = pickedPaths(items);
  const pickedKeys = new Set(picked.map(pathKey));
  const rows = visibleRows(control.choices, expanded, search);
  const full = control.maxUsages !== undefined && control.maxUsages > 1 && picked.length >= control.maxUsages;
  const idOf = (key: string) => `tax-${control.name}-${rows.findIndex((r) => pathKey(r.path) === key)}`;

  const toggle = (key: string) => {
    const row = rows.find((r) => pathKey(r.path) === key);
    if (!row) return;
    if (!pickable(control, row.node)) {
      // Under leafsOnly a branch cannot be picked; pressing it opens or closes it instead.
      flip(key, !row.expanded);
      return;
    }
    onChange(togglePath(control, items, row.path, row.node, newId));
  };
  const flip = (key: string, open: boolean) =>
    setExpanded((was) => {
      const next = new Set(was);
      if (open) next.add(key);
      else next.delete(key);
      return next;
    });

  // A click on a row leaves the focus on the tree, whose keys then go on from that row.
  const keepTreeFocus = (e: { preventDefault(): void }) => {
    e.preventDefault();
    tree.current?.focus();
  };

  const onTreeKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.currentTarget.blur();
      e.stopPropagation();
      return;
    }
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const move = treeKey(rows, cursor, e.key);
    if (move === null) return;
    // The tree's arrows and Enter are its own here, not the workspace's (moving between controls, submitting).
    e.preventDefault();
    e.stopPropagation();
    setCursor(move.cursor);
    if (move.expand !== undefined) flip(move.expand, true);
    if (move.collapse !== undefined) flip(move.collapse, false);
    if (move.toggle === true && move.cursor !== null) toggle(move.cursor);
  };

  return (
    <ControlFrame control={control} active={active} onActivate={onActivate} text={text} required={control.required !== false}
      note={
        <>
          <span className="muted small">
            {' '}· {control.maxUsages === 1 ? text('pickOne') : control.maxUsages !== undefined ? text('taxonomyUpTo', { max: control.maxUsages }) : text('pickMany')}
            {control.leafsOnly === true && ` · ${text('taxonomyLeavesOnly')}`}
          </span>
        </>
      }
    >
      <div className="taxonomy" ref={box}>
        <div className="taxonomy-chips" data-testid={`taxonomy-${control.name}-picked`}>
          {picked.length === 0 && <span className="muted small">{text('taxonomyNothingPicked')}</span>}
          {picked.map((path) => (
            <span className="chip" key={pathKey(path)} data-testid="taxonomy-chip" data-path={pathKey(path)}>
              {path.join(' / ')}
              <button type="button" className="chip-remove" aria-label={text('taxonomyRemove', { path: path.join(' / ') })}
                onClick={() => onChange(togglePath(control, items, path, { value: path[path.length - 1]! }, newId))}>
                ×
              </button>
            </span>
          ))}
        </div>
        <input
          type="search"
          value={search}
          placeholder={control.placeholder ?? text('taxonomySearch')}
          aria-label={text('taxonomySearch')}
          data-testid={`taxonomy-${control.name}-search`}
          onChange={(e) => {
            setSearch(e.target.value);
            setCursor(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              if (search !== '') setSearch('');
              else e.currentTarget.blur();
              e.stopPropagation();
            } else if (e.key === 'ArrowDown' && rows.length > 0) {
              e.preventDefault();
              setCursor(pathKey(rows[0]!.path));
              tree.current?.focus();
            } else if (e.key === 'Enter' && search.trim() !== '') {
              const first = rows.find((r) => pickable(control, r.node) && r.node.value.toLocaleLowerCase().includes(search.trim().toLocaleLowerCase()));
              if (first) onChange(togglePath(control, items, first.path, first.node, newId));
            }
          }}
        />
        <div
          className="taxonomy-tree"
          role="tree"
          aria-multiselectable={control.maxUsages !== 1}
          aria-label={control.label ?? control.name}
          aria-activedescendant={cursor !== null && rows.some((r) => pathKey(r.path) === cursor) ? idOf(cursor) : undefined}
          tabIndex={0}
          ref={tree}
          data-testid={`taxonomy-${control.name}-tree`}
          onKeyDown={onTreeKey}
          onFocus={() => {
            if (cursor === null && rows.length > 0) setCursor(pathKey(rows[0]!.path));
          }}
        >
          {rows.length === 0 && <p className="muted small">{text('taxonomyNoMatch')}</p>}
          {rows.map((row, i) => {
            const key = pathKey(row.path);
            const on = pickedKeys.has(key);
            return (
              <div
                key={key}
                id={`tax-${control.name}-${i}`}
                role="treeitem"
                aria-level={row.depth + 1}
                aria-expanded={row.hasChildren ? row.expanded : undefined}
                aria-selected={on}
                className={`taxonomy-row${cursor === key ? ' taxonomy-row-cursor' : ''}${on ? ' taxonomy-row-on' : ''}`}
                style={{ paddingLeft: `${row.depth * 18 + 4}px` }}
                data-testid="taxonomy-row"
                data-path={key}
              >
                <button type="button" tabIndex={-1} className="taxonomy-twist" aria-hidden="true" disabled={!row.hasChildren}
                  onMouseDown={keepTreeFocus}
                  onClick={() => {
                    setCursor(key);
                    flip(key, !row.expanded);
                  }}>
                  {row.hasChildren ? (row.expanded ? '▾' : '▸') : ''}
                </button>
                <button
                  type="button"
                  tabIndex={-1}
                  className="taxonomy-pick"
                  disabled={!on && full}
                  title={row.node.hint}
                  onMouseDown={keepTreeFocus}
                  onClick={() => {
                    setCursor(key);
                    toggle(key);
                  }}
                >
                  {pickable(control, row.node) && <span aria-hidden="true">{on ? '☑' : '☐'} </span>}
                  {row.node.value}
                </button>
              </div>
            );
          })}
        </div>
        <p className="muted small">
          <kbd>↑</kbd>/<kbd>↓</kbd> {text('taxonomyKeysMove')} · <kbd>→</kbd>/<kbd>←</kbd> {text('taxonomyKeysOpen')} · <kbd>Space</kbd> {text('taxonomyKeysPick')} ·{' '}
          <kbd>Esc</kbd> {text('taxonomyKeysLeave')}
          {full && ` · ${text('taxonomyFull', { max: control.maxUsages ?? 0 })}`}
        </p>
      </div>
    </ControlFrame>
  );
}

export const taxonomyView: ControlView<TaxonomyControl> = {
  View: TaxonomyControlView,
  keys: () => [],
  press: (_control, items) => [...items],
};
