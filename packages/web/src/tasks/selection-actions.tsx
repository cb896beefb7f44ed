import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AssignToPerson } from './assign-to-person';
import { isFiltered, taskBrowserApi, type TaskFilters } from './task-browser-api';

/** Formats every label config gives something to; the training formats stay on the project page's export list. */
const SELECTION_FORMATS = ['ls-json', 'ls-json-min', 'jsonl', 'csv'] as const;

/**
 * The task browser's bulk actions beside delete: send the selection's answers to the front of the review queue,
 * release the live leases on it (the next eligible annotator is offered the tasks), assign it (or the filter's
 * tasks) to a named annotator, and download the selection, or every task of the current filter, in an export
 * format. `onDone` gets the sentence to show; `onError` the server's refusal.
 */
export function SelectionActions(props: {
  projectId: string;
  selected: ReadonlySet<number>;
  filters: TaskFilters;
  onDone: (notice: string) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const [format, setFormat] = useState<string>('csv');
  const ids = [...props.selected];
  const none = ids.length === 0;
  const run = async (action: () => Promise<string>) => {
    try {
      props.onDone(await action());
    } catch (e) {
      props.onError(e);
    }
  };
  return (
    <>
      <button
        type="button"
        className="btn"
        disabled={none}
        data-testid="bulk-review"
        onClick={() =>
          void run(async () => {
            const r = await taskBrowserApi.sendToReview(props.projectId, ids);
            return t('taskBrowser.bulk.sentToReview', { count: r.requested, reviewed: r.alreadyReviewed, unanswered: r.tasksWithoutAnswers });
          })
        }
      >
        {t('taskBrowser.bulk.sendToReview')}
      </button>
      <button
        type="button"
        className="btn"
        disabled={none}
        data-testid="bulk-release"
        title={t('taskBrowser.bulk.releaseHint')}
        onClick={() =>
          void run(async () => {
            if (!window.confirm(t('taskBrowser.bulk.confirmRelease', { count: ids.length }))) return '';
            const r = await taskBrowserApi.releaseLeases(props.projectId, ids);
            return t('taskBrowser.bulk.released', { count: r.released });
          })
        }
      >
        {t('taskBrowser.bulk.release')}
      </button>
      <select value={format} onChange={(e) => setFormat(e.target.value)} aria-label={t('taskBrowser.bulk.exportFormat')} data-testid="bulk-export-format">
        {SELECTION_FORMATS.map((f) => (
          <option key={f} value={f}>{t(`export.formats.${f}`)}</option>
        ))}
      </select>
      {none ? (
        <button type="button" className="btn" disabled data-testid="bulk-export">{t('taskBrowser.bulk.export')}</button>
      ) : (
        <a className="btn" href={taskBrowserApi.selectionExportUrl(props.projectId, format, ids)} download data-testid="bulk-export">{t('taskBrowser.bulk.export')}</a>
      )}
      {isFiltered(props.filters) && (
        <a className="btn" href={taskBrowserApi.filterExportUrl(props.projectId, format, props.filters)} download data-testid="filter-export" title={t('taskBrowser.bulk.exportFilterHint')}>
          {t('taskBrowser.bulk.exportFilter')}
        </a>
      )}
      <AssignToPerson projectId={props.projectId} selected={props.selected} filters={props.filters} onDone={props.onDone} onError={props.onError} />
    </>
  );
}
