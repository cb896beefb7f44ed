import type { LabelConfig, LotDetail, LotSummary } from '@biaozhu/contract';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { reportErrors } from '../components/report-errors';
import { AQLS, dataText, qualityApi, resultText } from './quality-api';

/** A column of blocks with a gap (the app stylesheet has no such class). */
const STACK = { display: 'flex', flexDirection: 'column', gap: 8, marginTop: 8 } as const;

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** ISO 2859-1 lots: a manager cuts one; reviewers and the client inspect the sample; the client signs off. */
export function LotsPanel({ projectId, role, config }: { projectId: string; role: Role; config?: LabelConfig | null }) {
  const { t } = useTranslation();
  const [lots, setLots] = useState<LotSummary[] | null>(null);
  const [aql, setAql] = useState('2.5');
  const [name, setName] = useState('');
  const [open, setOpen] = useState<LotDetail | null>(null);
  const [defectReason, setDefectReason] = useState('');
  const [comment, setComment] = useState('');
  const [error, setError] = useState<unknown>(null);
  const manager = role === 'admin' || role === 'manager';
  const signer = role === 'admin' || role === 'client';

  const load = useCallback(() => {
    qualityApi.lots(projectId).then(setLots, setError);
  }, [projectId]);
  useEffect(load, [load]);

  const run = (f: () => Promise<unknown>) => reportErrors(setError, f);
  const openLot = (id: number) => run(async () => setOpen(await qualityApi.lot(id)));

  return (
    <section className="card" data-testid="lots-panel">
      <div className="card-head"><h2>{t('quality.lots.title')}</h2></div>
      <p className="muted small">{t('quality.lots.explain')}</p>
      <ErrorMessage error={error} />
      {manager && (
        <div className="row" data-testid="lot-cut">
          <input value={name} onChange={(e) => setName(e.target.value)} placeholder={t('quality.lots.name')} data-testid="lot-name" />
          <label className="row">
            <span>AQL</span>
            <select value={aql} onChange={(e) => setAql(e.target.value)} data-testid="lot-aql">
              {AQLS.map((a) => <option key={a} value={a}>{a}</option>)}
            </select>
          </label>
          <button type="button" className="btn btn-primary" onClick={() => void run(async () => { await qualityApi.cutLot(projectId, aql, name); load(); })} data-testid="lot-cut-button">
            {t('quality.lots.cut')}
          </button>
        </div>
      )}
      <table className="table table-compact" data-testid="lots-table">
        <thead>
          <tr>
            <th>{t('quality.lots.name')}</th>
            <th className="num">{t('quality.lots.size')}</th>
            <th>AQL</th>
            <th>{t('quality.lots.plan')}</th>
            <th>{t('quality.lots.verdict')}</th>
            <th>{t('quality.lots.accuracy')}</th>
            <th>{t('quality.lots.signoff')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(lots ?? []).map((l) => (
            <tr key={l.id} data-testid={`lot-${l.id}`}>
              <td>{l.name}</td>
              <td className="num">{l.lotSize}</td>
              <td>{l.aql}</td>
              <td className="small">
                {t('quality.lots.planText', { letter: l.codeLetter, n: l.sampleSize, ac: l.ac, re: l.re })}
                {l.fullInspection && ` · ${t('quality.lots.full')}`}
              </td>
              <td data-testid={`lot-status-${l.id}`}>{t(`quality.lots.status.${l.status}`)} ({l.defects}/{l.inspected}/{l.toInspect})</td>
              <td className="small">
                {l.inspected > 0 ? `${pct(l.accuracy.proportion)} [${pct(l.accuracy.low)}, ${pct(l.accuracy.high)}]` : '—'}
                {l.accuracy.required !== null && l.accuracy.meets !== null && ` · ${t(l.accuracy.meets ? 'quality.lots.meets' : 'quality.lots.misses', { required: pct(l.accuracy.required) })}`}
              </td>
              <td className="small">{l.signoff ? t(`quality.lots.signed.${l.signoff.decision}`) : '—'}</td>
              <td className="actions">
                <button type="button" className="btn btn-small" onClick={() => void openLot(l.id)} data-testid={`lot-open-${l.id}`}>{t('quality.lots.open')}</button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {open && (
        <div style={STACK} data-testid="lot-detail">
          <h3>{open.lot.name}</h3>
          <table className="table table-compact">
            <thead>
              <tr>
                <th className="num">#</th>
                <th>{t('quality.lots.item')}</th>
                <th>{t('quality.lots.delivered')}</th>
                <th>{t('quality.lots.inspection')}</th>
              </tr>
            </thead>
            <tbody>
              {open.sample.map((s) => (
                <tr key={s.taskId} data-testid={`sample-${s.taskId}`}>
                  <td className="num">{s.position + 1}</td>
                  <td data-testid="sample-data">{dataText(s.data)}</td>
                  <td className="small">{s.delivered.results.map((r) => resultText(r, config)).join(' | ')}</td>
                  <td className="actions">
                    {s.verdict ? (
                      <span>{t(`quality.lots.${s.verdict}`)}{s.defectReason ? ` — ${s.defectReason}` : ''}</span>
                    ) : open.lot.status === 'inspecting' && role !== 'annotator' ? (
                      <>
                        <button type="button" className="btn btn-small" onClick={() => void run(async () => { await qualityApi.inspect(open.lot.id, s.taskId, 'pass'); await openLot(open.lot.id); load(); })} data-testid={`inspect-pass-${s.taskId}`}>
                          {t('quality.lots.pass')}
                        </button>
                        <button type="button" className="btn btn-small" onClick={() => void run(async () => { await qualityApi.inspect(open.lot.id, s.taskId, 'defect', defectReason || t('quality.lots.defect')); await openLot(open.lot.id); load(); })} data-testid={`inspect-defect-${s.taskId}`}>
                          {t('quality.lots.defect')}
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {open.lot.status === 'inspecting' && (
            <input value={defectReason} onChange={(e) => setDefectReason(e.target.value)} placeholder={t('quality.lots.defectReason')} data-testid="defect-reason" />
          )}
          {signer && open.lot.status !== 'inspecting' && !open.lot.signoff && (
            <div className="row" data-testid="signoff-form">
              <input value={comment} onChange={(e) => setComment(e.target.value)} placeholder={t('quality.review.comment')} />
              <button type="button" className="btn btn-primary" onClick={() => void run(async () => { await qualityApi.signOff(open.lot.id, 'accept', comment); await openLot(open.lot.id); load(); })} data-testid="signoff-accept">
                {t('quality.lots.signAccept')}
              </button>
              <button type="button" className="btn" onClick={() => void run(async () => { await qualityApi.signOff(open.lot.id, 'reject', comment); await openLot(open.lot.id); load(); })} data-testid="signoff-reject">
                {t('quality.lots.signReject')}
              </button>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
