import { useTranslation } from 'react-i18next';
import { submitQueue } from './submit-queue';
import { useSubmitQueue } from './use-submit-queue';

/** "Saving…" while answers are in flight; a warning with a retry button while the network keeps failing. */
export function SaveIndicator() {
  const { t } = useTranslation();
  const q = useSubmitQueue();
  if (q.pending === 0) return <span className="save-state save-ok" data-testid="save-state">{t('workspace.allSaved')}</span>;
  if (!q.retrying) return <span className="save-state save-busy" data-testid="save-state">{t('workspace.saving')}</span>;
  return (
    <span className="save-state save-pending" data-testid="save-pending" role="status">
      {t('workspace.pending', { count: q.pending })}
      {q.lastError?.status === 401 && <> · {t('workspace.signInAgain')}</>}
      <button type="button" className="btn btn-small" onClick={() => submitQueue.retryNow()}>
        {t('workspace.retryNow')}
      </button>
    </span>
  );
}
