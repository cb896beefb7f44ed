import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { ControlView, ControlViewProps } from '../../view-kit.js';
import { typingIn } from '../view-focus.js';
import {
  columnsOf,
  columnTitle,
  hasRanking,
  listEntries,
  moveTo,
  placeOf,
  rankingKey,
  shownOrder,
  withColumns,
  type Columns,
  type RankingKeyAction,
} from './order.js';
import type { RankingControl } from './schema.js';
import { ControlFrame } from '../control-frame.js';

/** Where a dragged item would land. */
interface DropPlace {
  column: number;
  index: number;
}

/**
 * A ranking control: the items of its list object (title and body as plain text) in their order, in one column or
 * in its buckets; the workspace leaves the list object out of the task (`showsObjects`). Items are dragged into
 * place (HTML drag and drop), or selected with 1-9 (↑/↓ when the list was reached with Tab) and moved with Alt+↑/↓, and
 * with Alt+←/→ between buckets. The list's order as it came is no answer until the worker moves an item or keeps it.
 */
export function RankingControlView({ control, items, objects, data, onChange, active, onActivate, text, newId }: ControlViewProps<RankingControl>) {
  const object = objects.find((o) => o.name === control.toName);
  const entries = listEntries(object === undefined ? undefined : data[object.value]);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const columns = columnsOf(control, items, entries.map((e) => e.id));
  const order = shownOrder(columns);
  const [selected, setSelected] = useState<string | null>(null);
  const [dragged, setDragged] = useState<string | null>(null);
  const [drop, setDrop] = useState<DropPlace | null>(null);
  const list = useRef<HTMLDivElement>(null);
  // Whether the list got the focus from the keyboard (Tab) rather than from a click or a drag.
  const byKeyboard = useRef(false);
  const pressed = useRef(false);
  const ranked = hasRanking(items);
  const buckets = columns.length > 1;

  const commit = (next: Columns) => onChange(withColumns(control, items, next, newId));
  const apply = (action: RankingKeyAction) => {
    if (action.type === 'select') setSelected(action.id);
    else commit(action.columns);
  };

  // While the control is active, its keys work wherever the focus is, except in a field; inside the list the
  // list's own handler has them (it also takes the plain arrows there).
  const latest = useRef({ columns, selected, apply });
  latest.current = { columns, selected, apply };
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.isComposing || typingIn(e.target)) return;
      if (list.current?.contains(e.target as Node | null)) return;
      const now = latest.current;
      const action = rankingKey(now.columns, now.selected, { key: e.key, alt: e.altKey, inList: false });
      if (action === null) return;
      // Alt+← would otherwise go back a page in the browser.
      e.preventDefault();
      now.apply(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);

  const dragOverItem = (e: DragEvent<HTMLElement>, column: number, index: number) => {
    if (dragged === null) return;
    e.preventDefault();
    e.stopPropagation();
    const box = e.currentTarget.getBoundingClientRect();
    setDrop({ column, index: e.clientY < box.top + box.height / 2 ? index : index + 1 });
  };
  const dropHere = (e: DragEvent<HTMLElement>) => {
    e.preventDefault();
    if (dragged !== null && drop !== null) {
      // Dropping below its own place counts the item out of the positions above the drop line.
      const from = placeOf(columns, dragged);
      const index = from !== null && from.column === drop.column && from.index < drop.index ? drop.index - 1 : drop.index;
      commit(moveTo(columns, dragged, drop.column, index));
      setSelected(dragged);
    }
    setDragged(null);
    setDrop(null);
  };

  return (
    <ControlFrame control={control} active={active} onActivate={onActivate} text={text} required={control.required !== false}
      note={
        <>
          <span className="muted small" data-testid={`ranking-${control.name}-state`} data-ranked={ranked}>
            {' '}· {ranked ? text('rankingRanked') : text('rankingNotYet')}
          </span>
        </>
      }
    >
      {entries.length === 0 ? (
        <p className="muted small">{text('rankingNoItems', { object: control.toName })}</p>
      ) : (
        <div
          className={`ranking${buckets ? ' ranking-buckets' : ''}`}
          ref={list}
          tabIndex={0}
          role="listbox"
          aria-label={control.label ?? control.name}
          aria-activedescendant={selected !== null && byId.has(selected) ? `rank-${control.name}-${order.indexOf(selected)}` : undefined}
          data-testid={`ranking-${control.name}`}
          onMouseDown={() => {
            pressed.current = true;
            byKeyboard.current = false;
          }}
          onFocus={() => {
            byKeyboard.current = !pressed.current;
            pressed.current = false;
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.currentTarget.blur();
              e.stopPropagation();
              return;
            }
            if (e.ctrlKey || e.metaKey) return;
            // Plain ↑/↓ select here only when the list was reached by keyboard (Tab): after a click or a drag they
            // still move between controls, as everywhere else in the workspace.
            const action = rankingKey(columns, selected, { key: e.key, alt: e.altKey, inList: byKeyboard.current });
            if (action === null) return;
            e.preventDefault();
            e.stopPropagation();
            apply(action);
          }}
        >
          {columns.map((column, c) => (
            <div
              key={column.key}
              className={`ranking-column${drop?.column === c && drop.index >= column.ids.length ? ' ranking-drop-end' : ''}`}
              data-testid={`ranking-${control.name}-column-${column.key}`}
              onDragOver={(e) => {
                if (dragged === null) return;
                e.preventDefault();
                setDrop({ column: c, index: column.ids.length });
              }}
              onDrop={dropHere}
            >
              {buckets && <div className="ranking-column-title">{columnTitle(control, column.key) ?? text('rankingUnsorted')}</div>}
              {column.ids.map((id, i) => {
                const entry = byId.get(id)!;
                const position = order.indexOf(id);
                const isDrop = drop !== null && drop.column === c && drop.index === i;
                return (
                  <div
                    key={id}
                    id={`rank-${control.name}-${position}`}
                    role="option"
                    aria-selected={selected === id}
                    className={`ranking-item${selected === id ? ' ranking-item-selected' : ''}${dragged === id ? ' ranking-item-dragged' : ''}${isDrop ? ' ranking-drop-before' : ''}`}
                    draggable
                    data-testid="ranking-item"
                    data-id={id}
                    onMouseDown={() => setSelected(id)}
                    onDragStart={(e) => {
                      e.dataTransfer.effectAllowed = 'move';
                      e.dataTransfer.setData('text/plain', id);
                      setDragged(id);
                      setSelected(id);
                    }}
                    onDragEnd={() => {
                      setDragged(null);
                      setDrop(null);
                    }}
                    onDragOver={(e) => dragOverItem(e, c, i)}
                    onDrop={dropHere}
                  >
                    <span className="ranking-position">{buckets ? null : <span className="strong">{i + 1}.</span>}{active && position < 9 && <kbd>{position + 1}</kbd>}</span>
                    <span className="ranking-content">
                      {entry.title !== '' && <span className="ranking-title">{entry.title}</span>}
                      {entry.body !== '' && <span className="ranking-body">{entry.body}</span>}
                    </span>
                    <span className="ranking-grip" aria-hidden="true">⠿</span>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
      )}
      <div className="row ranking-foot">
        {!ranked && entries.length > 0 && (
          <button type="button" className="btn btn-small" data-testid={`ranking-${control.name}-keep`} onClick={() => commit(columns)}>
            {text('rankingKeep')}
          </button>
        )}
        <span className="muted small">
          <kbd>1</kbd>–<kbd>9</kbd> {text('rankingKeysSelect')} · <kbd>Alt</kbd>+<kbd>↑</kbd>/<kbd>↓</kbd> {text('rankingKeysMove')}
          {buckets && (
            <>
              {' '}· <kbd>Alt</kbd>+<kbd>←</kbd>/<kbd>→</kbd> {text('rankingKeysBucket')}
            </>
          )}{' '}
          · {text('rankingKeysDrag')}
        </span>
      </div>
    </ControlFrame>
  );
}

export const rankingView: ControlView<RankingControl> = {
  View: RankingControlView,
  keys: () => [],
  press: (_control, items) => [...items],
  showsObjects: (control) => [control.toName],
};
