import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

const KNOWN = ['all_done', 'held_by_others'];

/** Shown when the server answers 204: why there is nothing to do, and a way to ask again. */
export function NoMoreTasks({ reason, onRetry }: { reason: string; onRetry: () => void }) {
  const { t } = useTranslation();
  const text = KNOWN.includes(reason) ? t(`workspace.reasons.${reason}`) : t('workspace.reasons.other', { reason });
  return (
    <div className="card empty-state" data-testid="no-more-tasks" data-reason={reason}>
      <h2>{t('workspace.noMoreTasks')}</h2>
      <p>{text}</p>
      <div className="row">
        <button type="button" className="btn btn-primary" onClick={onRetry} data-testid="check-again">
          {t('workspace.checkAgain')}
        </button>
        <Link className="btn" to="/">{t('workspace.backToProjects')}</Link>
      </div>
    </div>
  );
}
