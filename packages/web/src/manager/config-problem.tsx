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

/**
 * Why a label config was refused: where (line and column, with a button that selects that line in the editor), the
 * translated sentence, and the server's own text, which names the tag, attribute or choice at fault.
 */
export function ConfigProblem({ error, onGoToLine }: { error: unknown; onGoToLine?: (line: number) => void }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  const place = placeOf(error);
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
      <ErrorMessage error={error} />
      {error instanceof ApiError && error.status !== 0 && <p className="muted small console-server-text">{t('console.config.checkerText')} <span data-testid="config-problem-text">{error.message}</span></p>}
    </div>
  );
}
