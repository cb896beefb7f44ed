import { useTranslation } from 'react-i18next';
import type { ImportResult } from '../api-types';
import { codedMessageText } from '../components/error-text';

/**
 * The counts of one finished import: what it created and updated, what was already in the project (skipped,
 * unchanged, refused because answered or in progress, each refused record listed), the earlier import of the same
 * file if any, and the lines it left out.
 */
export function ImportResultView({ result }: { result: ImportResult }) {
  const { t, i18n } = useTranslation();
  const existing = result.tasksSkipped + result.tasksUnchanged + result.tasksRefused;
  return (
    <div className="import-result" data-testid="import-result" data-created={result.tasksCreated}
      data-updated={result.tasksUpdated} data-skipped={result.rowsSkipped} data-existing-skipped={result.tasksSkipped}
      data-refused={result.tasksRefused}>
      <p>
        <strong>{t('import.done')}</strong>{' '}
        {t('import.counts', { created: result.tasksCreated, updated: result.tasksUpdated, skipped: result.rowsSkipped })}
      </p>
      {result.sameFileAs && (
        <p className="notice" data-testid="import-same-file">
          {t('importFit.sameFile', {
            id: result.sameFileAs.id,
            file: result.sameFileAs.fileName,
            when: new Date(result.sameFileAs.createdAt).toLocaleString(i18n.language),
          })}
        </p>
      )}
      {existing > 0 && (
        <p data-testid="import-existing">
          {t('importFit.existing', { skipped: result.tasksSkipped, unchanged: result.tasksUnchanged, refused: result.tasksRefused })}
        </p>
      )}
      {result.goldCreated > 0 && <p data-testid="import-gold">{t('importFit.gold', { count: result.goldCreated })}</p>}
      {result.piiRedacted.records > 0 && (
        <p data-testid="import-redacted">
          {t('importFit.redacted', {
            records: result.piiRedacted.records,
            kinds: Object.entries(result.piiRedacted.found).map(([kind, n]) => `${t(`intake.piiKinds.${kind}`)} ${n}`).join('、'),
          })}
        </p>
      )}
      {result.annotationsImported + result.predictionsImported > 0 && (
        <p className="muted">{t('importFit.carried', { annotations: result.annotationsImported, predictions: result.predictionsImported })}</p>
      )}
      {result.refused.length > 0 && (
        <table className="table table-compact" data-testid="import-refused">
          <caption>{t('importFit.refusedTitle')}</caption>
          <thead>
            <tr><th className="num">{t('import.line')}</th><th>{t('importFit.externalId')}</th><th className="num">{t('importFit.task')}</th><th>{t('importFit.reason')}</th></tr>
          </thead>
          <tbody>
            {result.refused.slice(0, 50).map((r) => (
              <tr key={r.line}>
                <td className="num">{r.line}</td>
                <td>{r.externalId}</td>
                <td className="num">{r.taskId}</td>
                <td>{r.reason === 'answered' ? t('importFit.refusedAnswered') : t('importFit.refusedInProgress')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.skipped.length > 0 && (
        <table className="table table-compact">
          <thead>
            <tr><th className="num">{t('import.line')}</th><th>{t('import.problem')}</th></tr>
          </thead>
          <tbody>
            {result.skipped.slice(0, 50).map((s) => (
              <tr key={s.line}><td className="num">{s.line}</td><td>{codedMessageText(t, (k) => i18n.exists(k), s)}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
