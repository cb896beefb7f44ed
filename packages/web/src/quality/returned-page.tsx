import type { LabelConfig, MyGoldAccuracy, RejectionView, ResultEntry } from '@biaozhu/contract';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { AnswerEditor } from './answer-editor';
import { dataText, qualityApi, resultText } from './quality-api';

/** A column of blocks with a gap (the app stylesheet has no such class). */
const STACK = { display: 'flex', flexDirection: 'column', gap: 8, marginTop: 8 } as const;

/** The annotator's answers a reviewer sent back: the reason and comment, and a way to fix and resubmit each. */
export default function ReturnedPage() {
  const { t } = useTranslation();
  const { projectId = '' } = useParams();
  const [config, setConfig] = useState<LabelConfig | null>(null);
  const [items, setItems] = useState<RejectionView[] | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [fixed, setFixed] = useState<ResultEntry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState(0);
  const [gold, setGold] = useState<MyGoldAccuracy | null>(null);

  const load = useCallback(() => {
    qualityApi.myRejections(projectId).then(setItems, setError);
  }, [projectId]);
  useEffect(() => {
    qualityApi.project(projectId).then((p) => setConfig(p.labelConfig), setError);
    qualityApi.myQuality(projectId).then(setGold, setError);
    load();
  }, [projectId, load]);

  const resubmit = async (annotationId: number) => {
    setError(null);
    try {
      await qualityApi.resubmit(annotationId, fixed);
      setEditing(null);
      setSent((n) => n + 1);
      load();
    } catch (e) {
      setError(e);
    }
  };

  if (!config || !items) return error ? <ErrorMessage error={error} /> : <Loading />;
  return (
    <div className="page quality-page" data-testid="returned-page">
      <div className="page-head">
        <h1 className="page-title">{t('quality.returned.title')}</h1>
        <Link className="btn" to={`/projects/${projectId}/work`}>{t('quality.returned.backToWork')}</Link>
      </div>
      {gold && gold.trials > 0 && (
        <p className="muted" data-testid="my-gold">
          {t('quality.returned.myGold', { right: gold.successes, total: gold.trials, low: (gold.low * 100).toFixed(0), high: (gold.high * 100).toFixed(0) })}
          {gold.paused && ` · ${t('quality.returned.paused')}`}
        </p>
      )}
      <ErrorMessage error={error} />
      {sent > 0 && <p className="save-state save-ok" data-testid="returned-sent">{t('quality.returned.sent', { count: sent })}</p>}
      {items.length === 0 && <div className="card empty-state" data-testid="returned-empty">{t('quality.returned.empty')}</div>}
      {items.map((r) => (
        <div key={r.reviewId} className="card returned-item" data-testid={`returned-${r.annotationId}`}>
          <p className="task-text">{dataText(r.data)}</p>
          <p>
            <span className="muted">{t('quality.returned.yourAnswer')}</span> <span className="strong">{resultText(r.result, config)}</span>
          </p>
          <p className="reject-reason" data-testid="returned-reason">
            <span className="strong">{t(`quality.reasons.${r.reasonCode ?? 'other'}`, { defaultValue: r.reasonCode ?? '' })}</span>
            {r.comment && <span data-testid="returned-comment"> — {r.comment}</span>}
          </p>
          {editing === r.annotationId ? (
            <div style={STACK}>
              <AnswerEditor config={config} data={r.data} initial={r.result} keyboard onChange={setFixed} />
              <div className="row">
                <button type="button" className="btn btn-primary" onClick={() => void resubmit(r.annotationId)} data-testid="returned-resubmit">
                  {t('quality.returned.resubmit')}
                </button>
                <button type="button" className="btn" onClick={() => setEditing(null)}>{t('quality.cancel')}</button>
              </div>
            </div>
          ) : (
            <button type="button" className="btn" onClick={() => { setFixed(r.result); setEditing(r.annotationId); }} data-testid="returned-fix">
              {t('quality.returned.fix')}
            </button>
          )}
        </div>
      ))}
    </div>
  );
}
