import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { ExportFormat } from '../api-types';

const FORMATS: ExportFormat[] = ['ls-json', 'jsonl', 'csv'];

/** Download links for the project's results, one per format. */
export function ExportLinks({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  return (
    <section className="card" data-testid="export">
      <h2>{t('export.title')}</h2>
      <p className="muted small">{t('export.hint')}</p>
      <div className="row">
        {FORMATS.map((f) => (
          <a key={f} className="btn" href={api.exportUrl(projectId, f)} download data-testid={`export-${f}`}>
            {t(`export.formats.${f}`)}
          </a>
        ))}
      </div>
    </section>
  );
}
