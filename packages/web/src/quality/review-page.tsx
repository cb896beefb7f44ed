import type { LabelConfig, ResultEntry, ReviewMode, ReviewQueue } from '@biaozhu/contract';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { AnswerEditor } from './answer-editor';
import { dataText, qualityApi, REJECT_REASONS, resultText } from './quality-api';

/** A column of blocks with a gap (the app stylesheet has no such class). */
const STACK = { display: 'flex', flexDirection: 'column', gap: 8, marginTop: 8 } as const;

type Step = 'view' | 'reject' | 'correct';

/**
 * The reviewer's queue: one answer at a time with the task beside it. Keys: A accept, R reject (pick a reason,
 * write a comment, Enter sends), C correct (digits pick, Enter saves), Esc back.
 */
export default function ReviewPage() {
  const { t } = useTranslation();
  const { projectId = '' } = useParams();
  const [config, setConfig] = useState<LabelConfig | null>(null);
  const [mode, setMode] = useState<ReviewMode>('all');
  const [queue, setQueue] = useState<ReviewQueue | null>(null);
  const [step, setStep] = useState<Step>('view');
  const [reason, setReason] = useState<string>(REJECT_REASONS[0]);
  const [comment, setComment] = useState('');
  const [corrected, setCorrected] = useState<ResultEntry[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(0);

  const load = useCallback(() => {
    qualityApi.reviewQueue(projectId, mode).then((q) => {
      setQueue(q);
      setStep('view');
      setComment('');
    }, setError);
  }, [projectId, mode]);

  useEffect(() => {
    qualityApi.project(projectId).then((p) => setConfig(p.labelConfig), setError);
  }, [projectId]);
  useEffect(load, [load]);

  const item = queue?.items[0];

  const act = useCallback(
    async (body: Parameters<typeof qualityApi.review>[1]) => {
      if (!item || busy) return;
      setBusy(true);
      setError(null);
      try {
        await qualityApi.review(item.annotationId, body);
        setDone((d) => d + 1);
        load();
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    },
    [item, busy, load],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement || e.target instanceof HTMLSelectElement;
      if (e.key === 'Escape') return setStep('view');
      if (e.key === 'Enter' && !e.shiftKey && step === 'reject') {
        e.preventDefault();
        void act({ action: 'reject', reasonCode: reason, comment });
        return;
      }
      if (e.key === 'Enter' && step === 'correct' && !typing) {
        e.preventDefault();
        void act({ action: 'correct', result: corrected, comment });
        return;
      }
      if (typing || step !== 'view' || !item) return;
      const key = e.key.toLowerCase();
      if (key === 'a') void act({ action: 'accept' });
      else if (key === 'r') {
        e.preventDefault();
        setStep('reject');
      } else if (key === 'c') {
        setCorrected(item.result);
        setStep('correct');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act, step, item, reason, comment, corrected]);

  if (!config || !queue) return error ? <ErrorMessage error={error} /> : <Loading />;

  return (
    <div className="page quality-page" data-testid="review-page">
      <div className="page-head">
        <h1 className="page-title">{t('quality.review.title')}</h1>
        <div className="row">
          <label className="row">
            <span>{t('quality.review.mode')}</span>
            <select value={mode} onChange={(e) => setMode(e.target.value as ReviewMode)} data-testid="review-mode">
              <option value="all">{t('quality.review.modes.all')}</option>
              <option value="sample">{t('quality.review.modes.sample')}</option>
              <option value="low_confidence">{t('quality.review.modes.low_confidence')}</option>
            </select>
          </label>
          <Link className="btn" to={`/projects/${projectId}/quality`}>{t('quality.nav.quality')}</Link>
        </div>
      </div>
      <p className="muted" data-testid="review-pending">{t('quality.review.pending', { count: queue.pending, done })}</p>
      <ErrorMessage error={error} />
      {!item ? (
        <div className="card empty-state" data-testid="review-empty">{t('quality.review.empty')}</div>
      ) : (
        <div className="card review-item" data-testid="review-item" data-annotation-id={item.annotationId}>
          <div className="muted small">
            {t('quality.review.by', { who: item.annotator.email ?? t('quality.imported'), when: new Date(item.createdAt).toLocaleString() })}
            {item.confidence !== null && ` · ${t('quality.review.confidence', { value: item.confidence.toFixed(2) })}`}
          </div>
          <p className="task-text" data-testid="review-text">{dataText(item.data)}</p>
          <p className="strong" data-testid="review-answer">{resultText(item.result, config)}</p>
          {item.previousRejection && (
            <p className="muted small" data-testid="review-previous">
              {t('quality.review.previous', { reason: t(`quality.reasons.${item.previousRejection.reasonCode ?? 'other'}`, { defaultValue: item.previousRejection.reasonCode ?? '' }), comment: item.previousRejection.comment })}
            </p>
          )}
          {step === 'view' && (
            <div className="row">
              <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void act({ action: 'accept' })} data-testid="review-accept">
                <kbd>A</kbd> {t('quality.review.accept')}
              </button>
              <button type="button" className="btn" disabled={busy} onClick={() => setStep('reject')} data-testid="review-reject">
                <kbd>R</kbd> {t('quality.review.reject')}
              </button>
              <button type="button" className="btn" disabled={busy} onClick={() => { setCorrected(item.result); setStep('correct'); }} data-testid="review-correct">
                <kbd>C</kbd> {t('quality.review.correct')}
              </button>
            </div>
          )}
          {step === 'reject' && (
            <div style={STACK} data-testid="reject-form">
              <label className="field">
                <span>{t('quality.review.reason')}</span>
                <select value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reject-reason" autoFocus>
                  {REJECT_REASONS.map((r) => (
                    <option key={r} value={r}>{t(`quality.reasons.${r}`)}</option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span>{t('quality.review.comment')}</span>
                <textarea value={comment} onChange={(e) => setComment(e.target.value)} rows={2} data-testid="reject-comment" />
              </label>
              <div className="row">
                <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void act({ action: 'reject', reasonCode: reason, comment })} data-testid="reject-send">
                  <kbd>Enter</kbd> {t('quality.review.sendReject')}
                </button>
                <button type="button" className="btn" onClick={() => setStep('view')}><kbd>Esc</kbd> {t('quality.cancel')}</button>
              </div>
            </div>
          )}
          {step === 'correct' && (
            <div style={STACK} data-testid="correct-form">
              <AnswerEditor config={config} data={item.data} initial={item.result} keyboard onChange={setCorrected} />
              <div className="row">
                <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void act({ action: 'correct', result: corrected, comment })} data-testid="correct-save">
                  <kbd>Enter</kbd> {t('quality.review.saveCorrection')}
                </button>
                <button type="button" className="btn" onClick={() => setStep('view')}><kbd>Esc</kbd> {t('quality.cancel')}</button>
              </div>
            </div>
          )}
          <p className="muted small">{t('quality.review.keys')}</p>
        </div>
      )}
    </div>
  );
}
