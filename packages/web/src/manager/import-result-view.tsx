import { useTranslation } from 'react-i18next';
import type { ImportResult } from '../api-types';

/** The counts of one finished import and the lines it left out. */
export function ImportResultView({ result }: { result: ImportResult }) {
  const { t } = useTranslation();
  return (
    <div className="import-result" data-testid="import-result" data-created={result.tasksCreated}
      data-updated={result.tasksUpdated} data-skipped={result.rowsSkipped}>
      <p>
        <strong>{t('import.done')}</strong>{' '}
        {t('import.counts', { created: result.tasksCreated, updated: result.tasksUpdated, skipped: result.rowsSkipped })}
      </p>
      {result.skipped.length > 0 && (
        <table className="table table-compact">
          <thead>
            <tr><th className="num">{t('import.line')}</th><th>{t('import.problem')}</th></tr>
          </thead>
          <tbody>
            {result.skipped.slice(0, 50).map((s) => (
              <tr key={s.line}><td className="num">{s.line}</td><td>{s.message}</td></tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
