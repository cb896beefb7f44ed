import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { NoTaskReason } from '../api-types';

const KNOWN: string[] = ['all_done', 'held_by_others', 'cap_reached', 'not_eligible', 'paused'] satisfies NoTaskReason[];
/** Reasons that do not change by waiting a few minutes: no automatic re-check for these. */
const SETTLED: string[] = ['all_done', 'cap_reached'] satisfies NoTaskReason[];
const RECHECK_MS = 30_000;

/** Shown when the server answers 204: why there is nothing to do, and a way to ask again. */
export function NoMoreTasks({ reason, onRetry }: { reason: string; onRetry: () => void }) {
  const { t } = useTranslation();
  // Tasks held by others come back when their leases end: look again now and then without being asked.
  useEffect(() => {
    if (SETTLED.includes(reason)) return;
    const timer = setTimeout(onRetry, RECHECK_MS);
    return () => clearTimeout(timer);
  }, [reason, onRetry]);
  const text = KNOWN.includes(reason) ? t(`workspace.reasons.${reason}`) : t('workspace.reasons.other', { reason });
  return (
    <div className="card empty-state" data-testid="no-more-tasks" data-reason={reason}>
      <h2>{t('workspace.noMoreTasks')}</h2>
      <p data-testid={`no-more-tasks-${KNOWN.includes(reason) ? reason : 'other'}`}>{text}</p>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={onRetry} data-testid="check-again">
          {t('workspace.checkAgain')}
        </button>
        <Link className="btn" to="/">{t('workspace.backToProjects')}</Link>
      </div>
    </div>
  );
}
