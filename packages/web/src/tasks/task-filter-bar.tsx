import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TaskFilters } from './task-browser-api';

const STATES = ['open', 'in_progress', 'done', 'gold'];
const REVIEWS = ['accepted', 'rejected', 'pending'];

/** The filters of the list; applied together with the button (or Enter), so typing does not fetch on each key. */
export function TaskFilterBar({ value, onApply }: { value: TaskFilters; onApply: (filters: TaskFilters) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<TaskFilters>(value);
  const set = (key: keyof TaskFilters) => (e: { target: { value: string } }) => setDraft({ ...draft, [key]: e.target.value });
  return (
    <form className="task-filter-bar row" onSubmit={(e) => { e.preventDefault(); onApply(draft); }} data-testid="task-filters">
      <label className="field">
        <span>{t('taskBrowser.filters.state')}</span>
        <select value={draft.state} onChange={set('state')} data-testid="filter-state">
          <option value="">{t('taskBrowser.filters.any')}</option>
          {STATES.map((s) => <option key={s} value={s}>{t(`taskBrowser.states.${s}`)}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{t('taskBrowser.filters.answers')}</span>
        <select value={draft.answers} onChange={set('answers')} data-testid="filter-answers">
          <option value="">{t('taskBrowser.filters.any')}</option>
          <option value="any">{t('taskBrowser.filters.hasAnswers')}</option>
          <option value="none">{t('taskBrowser.filters.noAnswers')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('taskBrowser.filters.review')}</span>
        <select value={draft.review} onChange={set('review')} data-testid="filter-review">
          <option value="">{t('taskBrowser.filters.any')}</option>
          {REVIEWS.map((r) => <option key={r} value={r}>{t(`taskBrowser.reviewFilters.${r}`)}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{t('taskBrowser.filters.annotator')}</span>
        <input value={draft.annotator} onChange={set('annotator')} inputMode="numeric" size={6} placeholder={t('taskBrowser.filters.userId')} data-testid="filter-annotator" />
      </label>
      <label className="field">
        <span>{t('taskBrowser.filters.import')}</span>
        <input value={draft.importId} onChange={set('importId')} inputMode="numeric" size={5} data-testid="filter-import" />
      </label>
      <label className="field">
        <span>{t('taskBrowser.filters.text')}</span>
        <input value={draft.q} onChange={set('q')} maxLength={200} data-testid="filter-text" />
      </label>
      <label className="field">
        <span>{t('taskBrowser.filters.label')}</span>
        <input value={draft.label} onChange={set('label')} maxLength={200} data-testid="filter-label" />
      </label>
      <label className="field">
        <span>{t('taskBrowser.filters.agreementBelow')}</span>
        <input value={draft.agreementBelow} onChange={set('agreementBelow')} inputMode="decimal" size={4} placeholder="0.6" data-testid="filter-agreement" />
      </label>
      <button type="submit" className="btn btn-primary" data-testid="filter-apply">{t('taskBrowser.filters.apply')}</button>
    </form>
  );
}
