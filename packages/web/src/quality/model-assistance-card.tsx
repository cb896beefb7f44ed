import type { ModelAssistanceReport } from '@biaozhu/contract';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { json as call } from '../api';
import { ErrorMessage } from '../components/error-message';

const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
const mean = (v: number) => v.toFixed(2);

/**
 * Per model version, how answers that started from its predictions changed them: how many, the share submitted as
 * predicted, and per answer on average the regions kept, moved, added and removed and the choices kept and changed.
 */
export function ModelAssistanceCard({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [report, setReport] = useState<ModelAssistanceReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    call<ModelAssistanceReport>('GET', `/projects/${encodeURIComponent(projectId)}/model-assistance`).then(setReport, setError);
  }, [projectId]);
  return (
    <section className="card" data-testid="model-assistance">
      <div className="card-head"><h2>{t('ml.assist.title')}</h2></div>
      <ErrorMessage error={error} />
      {report && report.versions.length === 0 && <p className="muted" data-testid="model-assistance-none">{t('ml.assist.empty')}</p>}
      {report && report.versions.length > 0 && (
        <>
          <table className="table table-compact" data-testid="model-assistance-table">
            <thead>
              <tr>
                <th>{t('ml.assist.version')}</th>
                <th className="num">{t('ml.assist.annotations')}</th>
                <th className="num">{t('ml.assist.unchanged')}</th>
                <th className="num">{t('ml.assist.kept')}</th>
                <th className="num">{t('ml.assist.moved')}</th>
                <th className="num">{t('ml.assist.added')}</th>
                <th className="num">{t('ml.assist.removed')}</th>
                <th className="num">{t('ml.assist.choices')}</th>
              </tr>
            </thead>
            <tbody>
              {report.versions.map((v) => (
                <tr key={v.modelVersion ?? ''} data-testid="model-assistance-row">
                  <td><code>{v.modelVersion ?? t('ml.assist.unversioned')}</code></td>
                  <td className="num">{v.annotations}</td>
                  <td className="num">{pct(v.keptUnchangedShare)}</td>
                  <td className="num">{mean(v.meanKept)}</td>
                  <td className="num">{mean(v.meanMoved)}</td>
                  <td className="num">{mean(v.meanAdded)}</td>
                  <td className="num">{mean(v.meanRemoved)}</td>
                  <td className="num">{mean(v.meanChoicesKept)} / {mean(v.meanChoicesChanged)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted small">{t('ml.assist.meanNote')}</p>
        </>
      )}
    </section>
  );
}
