import { useTranslation } from 'react-i18next';
import type { ImportSummary } from '../api-types';

/** Every import into the project, newest first. */
export function ImportHistory({ imports }: { imports: ImportSummary[] }) {
  const { t, i18n } = useTranslation();
  const sorted = [...imports].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="card" data-testid="import-history">
      <h2>{t('importHistory.title')}</h2>
      {sorted.length === 0 ? (
        <p className="muted">{t('importHistory.empty')}</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('importHistory.when')}</th>
              <th>{t('importHistory.file')}</th>
              <th>{t('importHistory.source')}</th>
              <th>{t('importHistory.status')}</th>
              <th className="num">{t('importHistory.tasksCreated')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((i) => (
              <tr key={i.id}>
                <td>{new Date(i.createdAt).toLocaleString(i18n.language)}</td>
                <td>{i.fileName}</td>
                <td>{i.sourceName}</td>
                <td>{t(`importHistory.statuses.${i.status}`, { defaultValue: i.status })}</td>
                <td className="num">{i.tasksCreated}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
