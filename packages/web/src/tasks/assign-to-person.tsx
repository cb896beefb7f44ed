import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { membershipApi, type WorkforcePerson } from '../manager/membership-api';
import { isFiltered, taskBrowserApi, taskFilterBody, type TaskFilters } from './task-browser-api';

/** Roles that take annotation work; the server checks the rest (membership, teams, qualification, pause). */
const WORKING_ROLES = new Set(['annotator', 'reviewer']);

/**
 * "Assign to": hands the selected tasks, or without a selection every task of the current filter (the first 1,000),
 * to one named annotator, first in their queue. The people offered are the organisation's active annotators and
 * reviewers; one the project's membership or policy does not allow is refused by the server with the reason, shown
 * through `onError`. `onDone` gets the sentence with what was assigned and what was left out.
 */
export function AssignToPerson(props: {
  projectId: string;
  selected: ReadonlySet<number>;
  filters: TaskFilters;
  onDone: (notice: string) => void;
  onError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<WorkforcePerson[]>([]);
  const [userId, setUserId] = useState('');
  useEffect(() => {
    membershipApi.workforce().then((all) => setPeople(all.filter((p) => !p.disabled && WORKING_ROLES.has(p.role))), props.onError);
    // The organisation's people are read once per page.
  }, []);
  const bySelection = props.selected.size > 0;
  const byFilter = !bySelection && isFiltered(props.filters);
  const assign = async () => {
    try {
      const chosen = bySelection ? { taskIds: [...props.selected] } : { filter: taskFilterBody(props.filters) };
      const r = await taskBrowserApi.assign(props.projectId, Number(userId), chosen);
      props.onDone(
        t('taskBrowser.assign.done', {
          count: r.assigned,
          name: r.name,
          answered: r.alreadyAnswered + r.givenBefore,
          held: r.alreadyHeld,
          full: r.overlapFull,
          gold: r.gold,
          until: new Date(r.heldUntil).toLocaleString(),
        }),
      );
    } catch (e) {
      props.onError(e);
    }
  };
  return (
    <span className="row task-assign" data-testid="assign-to-person">
      <select value={userId} onChange={(e) => setUserId(e.target.value)} aria-label={t('taskBrowser.assign.person')} data-testid="assign-person">
        <option value="">{t('taskBrowser.assign.choose')}</option>
        {people.map((p) => (
          <option key={p.id} value={String(p.id)}>{`${p.name || p.email} (${p.email})`}</option>
        ))}
      </select>
      <button
        type="button"
        className="btn"
        disabled={userId === '' || (!bySelection && !byFilter)}
        title={t('taskBrowser.assign.hint')}
        onClick={() => void assign()}
        data-testid="assign-tasks"
      >
        {byFilter ? t('taskBrowser.assign.filter') : t('taskBrowser.assign.selection')}
      </button>
    </span>
  );
}
