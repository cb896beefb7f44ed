import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { ErrorMessage } from '../components/error-message';

/** The line and column a config error names (Label Studio XML), when it names one. */
export function placeOf(error: unknown): { line: number; column?: number } | null {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return null;
  const d = error.details as { line?: unknown; column?: unknown };
  if (typeof d.line !== 'number') return null;
  return { line: d.line, ...(typeof d.column === 'number' ? { column: d.column } : {}) };
}

/** The checker's issue (label-types' config-issues.ts: a code and the names it fills in), when the error has one. */
export function configIssueOf(error: unknown): { code: string; params: Record<string, string | number> } | null {
  if (!(error instanceof ApiError) || typeof error.details !== 'object' || error.details === null) return null;
  const issue = (error.details as { issue?: unknown }).issue;
  if (typeof issue !== 'object' || issue === null) return null;
  const { code, params } = issue as { code?: unknown; params?: unknown };
  if (typeof code !== 'string') return null;
  return { code, params: typeof params === 'object' && params !== null ? (params as Record<string, string | number>) : {} };
}

/**
 * Why a label config was refused: where (line and column, with a button that selects that line in the editor) and
 * what, in the page's language: the checker's issue by its code (`configIssues.*`) with the tag, attribute or choice
 * at fault, else the error code's sentence. The server's English sentence is shown on English pages only.
 */
export function ConfigProblem({ error, onGoToLine }: { error: unknown; onGoToLine?: (line: number) => void }) {
  const { t, i18n } = useTranslation();
  if (error === null || error === undefined) return null;
  const place = placeOf(error);
  const issue = configIssueOf(error);
  const issueText = issue && i18n.exists(`configIssues.${issue.code}`) ? t(`configIssues.${issue.code}`, { path: '', ...issue.params }) : null;
  const english = i18n.resolvedLanguage === 'en';
  return (
    <div className="console-config-problem" data-testid="config-problem" data-line={place?.line}>
      {place && (
        <p className="strong" data-testid="config-problem-place">
          {place.column === undefined ? t('console.config.atLine', { line: place.line }) : t('console.config.atLineColumn', place)}
          {onGoToLine && (
            <button type="button" className="btn btn-small console-goto" onClick={() => onGoToLine(place.line)} data-testid="config-goto-line">
              {t('console.config.goToLine')}
            </button>
          )}
        </p>
      )}
      {issueText !== null ? (
        <div className="error-banner" role="alert" data-testid="config-problem-issue" data-code={issue?.code}>
          {issueText}
        </div>
      ) : (
        <ErrorMessage error={error} />
      )}
      {english && error instanceof ApiError && error.status !== 0 && <p className="muted small console-server-text">{t('console.config.checkerText')} <span data-testid="config-problem-text">{error.message}</span></p>}
    </div>
  );
}
