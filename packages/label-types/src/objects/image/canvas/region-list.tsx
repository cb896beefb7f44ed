import { memo } from 'react';
import type { ViewText } from '../../../view-kit.js';

/** One region in a control's list: its id, label caption, colour and a short size note. */
export interface RegionRow {
  id: string;
  caption: string;
  color: string;
  detail: string;
}

interface RowProps {
  row: RegionRow;
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
const Row = memo(function Row({ row, selected, hidden, locked, onSelect, onToggleHidden, onToggleLocked, onDelete, text }: RowProps) {
  const classes = [selected ? 'region-selected' : '', hidden ? 'region-hidden' : ''].filter(Boolean).join(' ');
  return (
    <li className={classes || undefined} data-testid={`region-${row.id}`} data-region={row.id} data-hidden={hidden} data-locked={locked}>
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

/** A control's regions on an image: select one, hide or show it, lock or unlock it, remove it. */
export function RegionList({ rows, selected, hidden, locked, testId, ...actions }: Props) {
  if (rows.length === 0) return <p className="muted small" data-testid={`${testId}-empty`}>{actions.text('imageNoRegions')}</p>;
  return (
    <ul className="region-list image-region-list" data-testid={testId} data-count={rows.length}>
      {rows.map((row) => (
        <Row key={row.id} row={row} selected={row.id === selected} hidden={hidden.has(row.id)} locked={locked.has(row.id)} {...actions} />
      ))}
    </ul>
  );
}
