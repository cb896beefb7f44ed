import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api';
import { ErrorMessage } from '../components/error-message';
import { SelectionActions } from '../tasks/selection-actions';
import { TaskDrawer } from '../tasks/task-drawer';
import { NO_FILTERS, taskBrowserApi, taskListQuery, type TaskFilters, type TaskListRow, type TaskSort } from '../tasks/task-browser-api';
import { TaskFilterBar } from '../tasks/task-filter-bar';
import { TaskTable } from '../tasks/task-table';
import '../tasks/task-browser.css';

const PAGE = 100;
/** A scan filter may return short pages: the page keeps asking until it has this many more rows or the list ends. */
const SCAN_FILL = 50;
const DEFAULT_COLUMNS = 3;

/**
 * The task browser of a project (issue #11 item 3): the filter bar, the virtualised list paged by the server's
 * keyset cursor as it scrolls, sorting by a column header, a chooser of data columns, shift-click selection with
 * bulk delete, and a drawer with every answer, prediction and review of the open task.
 */
export default function TaskBrowserPage() {
  const { t } = useTranslation();
  const { projectId = '' } = useParams();
  const [filters, setFilters] = useState<TaskFilters>(NO_FILTERS);
  const [sort, setSort] = useState<{ key: TaskSort; order: 'asc' | 'desc' }>({ key: 'id', order: 'asc' });
  const [rows, setRows] = useState<TaskListRow[]>([]);
  const [dataKeys, setDataKeys] = useState<string[]>([]);
  const [columns, setColumns] = useState<string[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [lastClicked, setLastClicked] = useState<number | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const generation = useRef(0);

  const load = useCallback(
    async (from: string | null, reset: boolean) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(null);
      try {
        let next = from;
        const got: TaskListRow[] = [];
        let keys: string[] = [];
        let end = false;
        for (let round = 0; round < 20; round++) {
          const page = await taskBrowserApi.page(projectId, taskListQuery(filters, sort.key, sort.order, next, PAGE));
          keys = page.dataKeys;
          got.push(...page.tasks);
          next = page.nextCursor;
          if (next === null) end = true;
          if (end || !page.scanned || got.length >= SCAN_FILL) break;
        }
        if (mine !== generation.current) return;
        setDataKeys(keys);
        setColumns((c) => c ?? keys.slice(0, DEFAULT_COLUMNS));
        setRows((r) => (reset ? got : [...r, ...got]));
        setCursor(next);
        setDone(end);
      } catch (e) {
        if (mine === generation.current) setError(e);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [projectId, filters, sort],
  );

  useEffect(() => {
    setRows([]);
    setSelected(new Set());
    setDone(false);
    void load(null, true);
  }, [load]);

  const nearEnd = useCallback(() => {
    if (!loading && !done && cursor !== null && !error) void load(cursor, false);
  }, [loading, done, cursor, error, load]);

  const onSort = (key: TaskSort) => setSort((s) => ({ key, order: s.key === key && s.order === 'asc' ? 'desc' : 'asc' }));

  const onSelect = (index: number, shift: boolean) => {
    const id = rows[index]!.id;
    const next = new Set(selected);
    if (shift && lastClicked !== null) {
      const [a, b] = lastClicked < index ? [lastClicked, index] : [index, lastClicked];
      const on = !selected.has(id);
      for (let i = a; i <= b; i++) {
        if (on) next.add(rows[i]!.id);
        else next.delete(rows[i]!.id);
      }
    } else if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
    setLastClicked(index);
  };

  const removeSelected = async () => {
    const ids = [...selected];
    if (ids.length === 0 || !window.confirm(t('taskBrowser.bulk.confirmDelete', { count: ids.length }))) return;
    setError(null);
    try {
      let result;
      try {
        result = await taskBrowserApi.remove(projectId, ids, false);
      } catch (e) {
        if (!(e instanceof ApiError) || e.code !== 'tasks_have_answers') throw e;
        if (!window.confirm(t('taskBrowser.bulk.confirmDeleteAnswers', { count: Number((e.details as { count?: number } | undefined)?.count ?? 0) }))) return;
        result = await taskBrowserApi.remove(projectId, ids, true);
      }
      setNotice(t('taskBrowser.bulk.deleted', { count: result.deleted, answers: result.answersDeleted }));
      if (openId !== null && selected.has(openId)) setOpenId(null);
      setSelected(new Set());
      void load(null, true);
    } catch (e) {
      setError(e);
    }
  };

  const toggleColumn = (key: string) => {
    const shown = columns ?? [];
    setColumns(shown.includes(key) ? shown.filter((c) => c !== key) : dataKeys.filter((k) => k === key || shown.includes(k)));
  };

  return (
    <div className="page task-browser-page" data-testid="task-browser">
      <div className="page-head">
        <h1 className="page-title">{t('taskBrowser.title')}</h1>
        <Link className="btn" to={`/projects/${projectId}`}>{t('taskBrowser.back')}</Link>
      </div>
      <p className="muted small">{t('taskBrowser.explain')}</p>
      <TaskFilterBar value={filters} onApply={(f) => setFilters(f)} />
      <div className="row task-browser-tools">
        <details className="task-column-chooser" data-testid="column-chooser">
          <summary>{t('taskBrowser.columnsChooser')}</summary>
          {dataKeys.map((k) => (
            <label key={k} className="toggle">
              <input type="checkbox" checked={(columns ?? []).includes(k)} onChange={() => toggleColumn(k)} /> {k}
            </label>
          ))}
        </details>
        <span className="muted small" data-testid="selection-count">{t('taskBrowser.bulk.selected', { count: selected.size })}</span>
        <button type="button" className="btn" disabled={selected.size === 0} onClick={() => void removeSelected()} data-testid="bulk-delete">
          {t('taskBrowser.bulk.delete')}
        </button>
        <SelectionActions
          projectId={projectId}
          selected={selected}
          filters={filters}
          onDone={(n) => {
            setError(null);
            if (n !== '') setNotice(n);
            if (n !== '') void load(null, true);
          }}
          onError={setError}
        />
        <button type="button" className="btn" disabled={selected.size === 0} onClick={() => setSelected(new Set())} data-testid="bulk-clear">{t('taskBrowser.bulk.clear')}</button>
        <span className="muted small" data-testid="loaded-count">
          {loading ? t('taskBrowser.loading') : done ? t('taskBrowser.allLoaded', { count: rows.length }) : t('taskBrowser.loaded', { count: rows.length })}
        </span>
        {!done && !loading && cursor !== null && (
          <button type="button" className="btn btn-small" onClick={() => void load(cursor, false)} data-testid="load-more">{t('taskBrowser.loadMore')}</button>
        )}
      </div>
      {notice && <p className="success" data-testid="task-browser-notice">{notice}</p>}
      <ErrorMessage error={error} />
      <div className="task-browser-layout">
        {rows.length === 0 && done && !loading ? (
          <p className="empty-state" data-testid="no-tasks">{t('taskBrowser.empty')}</p>
        ) : (
          <TaskTable
            rows={rows}
            columns={columns ?? []}
            sort={sort.key}
            order={sort.order}
            onSort={onSort}
            selected={selected}
            onSelect={onSelect}
            onOpen={setOpenId}
            openId={openId}
            onNearEnd={nearEnd}
          />
        )}
        {openId !== null && <TaskDrawer projectId={projectId} taskId={openId} onClose={() => setOpenId(null)} onChanged={() => void load(null, true)} />}
      </div>
    </div>
  );
}
