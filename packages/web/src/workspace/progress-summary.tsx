import { useTranslation } from 'react-i18next';
import type { Progress } from '../api-types';
import { ProgressBar } from '../components/progress-bar';

/** This session's count, the worker's total and the project's completion. */
export function ProgressSummary({ progress, sessionCount }: { progress: Progress | null; sessionCount: number }) {
  const { t } = useTranslation();
  return (
    <div className="progress-summary" data-testid="progress">
      <span className="stat">
        <span className="stat-label">{t('workspace.thisSession')}</span>
        <span className="stat-value" data-testid="session-count">{sessionCount}</span>
      </span>
      {progress && (
        <>
          <span className="stat">
            <span className="stat-label">{t('workspace.myTotal')}</span>
            <span className="stat-value">{progress.submittedByMe}</span>
          </span>
          <span className="stat stat-wide">
            <span className="stat-label">{t('workspace.projectProgress', { completed: progress.completed, total: progress.total })}</span>
            <ProgressBar value={progress.completed} max={progress.total} />
          </span>
        </>
      )}
    </div>
  );
}
