import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { cellText } from './result-summary';
import type { TaskListRow, TaskSort } from './task-browser-api';
import { TaskThumbnail, useProjectImageKey } from './task-thumbnail';

const ROW_HEIGHT = 36;
const SORTABLE: { key: TaskSort; label: string }[] = [
  { key: 'id', label: 'id' },
  { key: 'created', label: 'created' },
  { key: 'answers', label: 'answers' },
  { key: 'priority', label: 'priority' },
];

export interface TaskTableProps {
  rows: TaskListRow[];
  columns: string[];
  sort: TaskSort;
  order: 'asc' | 'desc';
  onSort: (sort: TaskSort) => void;
  selected: ReadonlySet<number>;
  /** A row's checkbox was clicked; `shift` when shift was held (select the range from the last click). */
  onSelect: (index: number, shift: boolean) => void;
  onOpen: (taskId: number) => void;
  openId: number | null;
  /** Called when the last rows come into view: load the next page. */
  onNearEnd: () => void;
}

/**
 * The list of tasks as a virtualised table (@tanstack/react-virtual): only the rows in view are in the page, so a
 * list scrolled through a hundred thousand tasks stays as light as the first page. Rows are a CSS grid, since a
 * virtualised <table> cannot position its rows. A project whose config shows an image gets a thumbnail column: only
 * the rendered rows have an <img>, so only the thumbnails in view are fetched.
 */
export function TaskTable({ rows, columns, sort, order, onSort, selected, onSelect, onOpen, openId, onNearEnd }: TaskTableProps) {
  const { t } = useTranslation();
  // The table lives on the project's task browser route; the project tells whether its tasks are pictures.
  const { projectId = '' } = useParams();
  const imageKey = useProjectImageKey(projectId);
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length > 0 ? items[items.length - 1]!.index : -1;
  useEffect(() => {
    if (lastIndex >= rows.length - 20) onNearEnd();
  }, [lastIndex, rows.length, onNearEnd]);

  const template = `2.5rem ${imageKey !== null ? '3rem ' : ''}5rem 7rem 5rem ${columns.map(() => 'minmax(8rem, 1fr)').join(' ')} 5rem 5rem`;
  const arrow = (key: TaskSort) => (sort === key ? (order === 'asc' ? ' ▲' : ' ▼') : '');
  const header = (key: TaskSort) => (
    <button type="button" className="task-table-sort" onClick={() => onSort(key)} data-testid={`sort-${key}`}>
      {t(`taskBrowser.columns.${SORTABLE.find((s) => s.key === key)!.label}`)}{arrow(key)}
    </button>
  );

  return (
    <div className="task-table" data-testid="task-table">
      <div className="task-table-row task-table-head" style={{ gridTemplateColumns: template }}>
        <span />
        {imageKey !== null && <span>{t('taskImage.column')}</span>}
        {header('id')}
        <span>{t('taskBrowser.columns.state')}</span>
        {header('answers')}
        {columns.map((c) => <span key={c} className="task-table-cell">{c}</span>)}
        {header('priority')}
        <span>{t('taskBrowser.columns.agreement')}</span>
      </div>
      <div ref={scroller} className="task-table-body" data-testid="task-table-body">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const row = rows[item.index]!;
            return (
              <div
                key={row.id}
                className={`task-table-row${openId === row.id ? ' task-table-open' : ''}${selected.has(row.id) ? ' task-table-selected' : ''}`}
                style={{ gridTemplateColumns: template, position: 'absolute', top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                data-testid="task-row"
                data-task-id={row.id}
                onClick={() => onOpen(row.id)}
              >
                <span onClick={(e) => { e.stopPropagation(); onSelect(item.index, e.shiftKey); }}>
                  <input type="checkbox" checked={selected.has(row.id)} readOnly aria-label={t('taskBrowser.selectTask', { id: row.id })} data-testid="task-select" />
                </span>
                {imageKey !== null && <TaskThumbnail projectId={projectId} value={row.data[imageKey]} />}
                <span className="num">{row.id}</span>
                <span>{t(`taskBrowser.states.${row.state}`)}</span>
                <span className="num" data-testid="task-answers">{row.isGold ? row.answerCount : `${row.answerCount}/${row.target}`}</span>
                {columns.map((c) => <span key={c} className="task-table-cell" title={cellText(row.data[c])}>{cellText(row.data[c])}</span>)}
                <span className="num">{row.priority}</span>
                <span className="num">{row.confidence === null ? '—' : `${(row.confidence * 100).toFixed(0)}%`}</span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
