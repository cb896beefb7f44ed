import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef } from 'react';
import type { ViewText } from '../../../view-kit.js';

/**
 * Every row's height in CSS pixels (styles.css keeps a row on one line at this height): known, not measured, so
 * showing a task's 1,000 regions forces no layout to find out how tall its rows are.
 */
const ROW_HEIGHT = 28;
const ROW_GAP = 4;

/** One region in a control's list: its id, label caption, colour and a short size note. */
export interface RegionRow {
  id: string;
  caption: string;
  color: string;
  detail: string;
}

interface RowProps {
  row: RegionRow;
  /** Its offset from the top of the list (the virtualiser places the rows). */
  start: number;
  selected: boolean;
  hidden: boolean;
  locked: boolean;
  onSelect: (id: string) => void;
  onToggleHidden: (id: string) => void;
  onToggleLocked: (id: string) => void;
  onDelete: (id: string) => void;
  text: ViewText;
}

/** A row re-renders only when its own region changes, so a list of 1,000 regions costs one row per edit. */
const Row = memo(function Row({ row, start, selected, hidden, locked, onSelect, onToggleHidden, onToggleLocked, onDelete, text }: RowProps) {
  const classes = [selected ? 'region-selected' : '', hidden ? 'region-hidden' : ''].filter(Boolean).join(' ');
  return (
    <li
      style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${start}px)` }}
      className={classes || undefined}
      data-testid={`region-${row.id}`}
      data-region={row.id}
      data-hidden={hidden}
      data-locked={locked}
    >
      <button type="button" className="region-pick" aria-pressed={selected} title={text('imageRegionSelect')} onClick={() => onSelect(row.id)}>
        <span className="region-swatch" style={{ background: row.color }} />
        <span className="region-caption">{row.caption}</span>
        <span className="muted small">{row.detail}</span>
      </button>
      <button
        type="button"
        className="btn-link region-toggle"
        aria-pressed={hidden}
        title={text(hidden ? 'imageRegionShow' : 'imageRegionHide')}
        aria-label={text(hidden ? 'imageRegionShow' : 'imageRegionHide')}
        data-testid={`region-hide-${row.id}`}
        onClick={() => onToggleHidden(row.id)}
      >
        {hidden ? '◌' : '◉'}
      </button>
      <button
        type="button"
        className="btn-link region-toggle"
        aria-pressed={locked}
        title={text(locked ? 'imageRegionUnlock' : 'imageRegionLock')}
        aria-label={text(locked ? 'imageRegionUnlock' : 'imageRegionLock')}
        data-testid={`region-lock-${row.id}`}
        onClick={() => onToggleLocked(row.id)}
      >
        {locked ? '🔒' : '🔓'}
      </button>
      <button
        type="button"
        className="btn-link region-delete"
        title={text('imageRegionDelete')}
        aria-label={text('imageRegionDelete')}
        data-testid={`region-delete-${row.id}`}
        onClick={() => onDelete(row.id)}
      >
        ×
      </button>
    </li>
  );
});

interface Props {
  rows: readonly RegionRow[];
  selected: string | null;
  hidden: ReadonlySet<string>;
  locked: ReadonlySet<string>;
  onSelect: (id: string) => void;
  onToggleHidden: (id: string) => void;
  onToggleLocked: (id: string) => void;
  onDelete: (id: string) => void;
  text: ViewText;
  testId: string;
}

/**
 * A control's regions on an image: select one, hide or show it, lock or unlock it, remove it. The list is virtualised
 * (@tanstack/react-virtual): only the rows in view and a few beyond are in the page, so 1,000 predicted regions cost
 * a screenful of rows, not 4,000 buttons, when a task opens. A region selected on the canvas scrolls into view.
 */
export function RegionList({ rows, selected, hidden, locked, testId, ...actions }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, gap: ROW_GAP, overscan: 8, getItemKey: (i) => rows[i]?.id ?? i });
  const selectedIndex = selected === null ? -1 : rows.findIndex((r) => r.id === selected);
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);
  if (rows.length === 0) return <p className="muted small" data-testid={`${testId}-empty`}>{actions.text('imageNoRegions')}</p>;
  return (
    <div ref={scroller} className="image-region-list" data-testid={testId} data-count={rows.length}>
      <ul className="region-list" style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          return (
            <Row
              key={row.id}
              row={row}
              start={item.start}
              selected={row.id === selected}
              hidden={hidden.has(row.id)}
              locked={locked.has(row.id)}
              {...actions}
            />
          );
        })}
      </ul>
    </div>
  );
}
