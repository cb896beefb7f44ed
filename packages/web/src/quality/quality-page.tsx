import type { LabelConfig, QualityPolicy, QualityReport, WorkerGoldAccuracy } from '@biaozhu/contract';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { codedMessageText } from '../components/error-text';
import { reportErrors } from '../components/report-errors';
import { Loading } from '../components/loading';
import { useSession } from '../session-context';
import { EChart } from '../components/echart';
import { LotsPanel } from './lots-panel';
import { ModelAssistanceCard } from './model-assistance-card';
import { PreferenceCard } from './preference-card';
import { RatingSpreadCard } from './rating-spread-card';
import { BoxAgreementCard } from './box-agreement-card';
import { SpanAgreementCard } from './span-agreement-card';
import { controlLabel, METHODS, qualityApi, type Job } from './quality-api';

const fmt = (v: number | null) => (v === null ? '—' : v.toFixed(3));
const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/**
 * The quality of a project: agreement per control, gold accuracy per worker with Wilson intervals, a confusion
 * matrix against the reference answers, the aggregate confidence histogram, aggregation jobs and lots. Charts
 * come with the table of their figures beneath.
 */
export default function QualityPage() {
  const { t, i18n } = useTranslation();
  const { projectId = '' } = useParams();
  const { user } = useSession();
  const role = user?.role ?? 'annotator';
  const manager = role === 'admin' || role === 'manager';
  const [report, setReport] = useState<QualityReport | null>(null);
  const [workers, setWorkers] = useState<WorkerGoldAccuracy[]>([]);
  const [policy, setPolicy] = useState<QualityPolicy | null>(null);
  const [method, setMethod] = useState<string>('auto');
  const [spanMatch, setSpanMatch] = useState<'exact' | 'overlap'>('exact');
  const [job, setJob] = useState<Job | null>(null);
  // the controls' labels, to name them as the label config's author did
  const [config, setConfig] = useState<LabelConfig | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(() => {
    qualityApi.report(projectId).then(setReport, setError);
    qualityApi.goldAccuracy(projectId).then(setWorkers, setError);
    qualityApi.policy(projectId).then(setPolicy, setError);
    qualityApi.project(projectId).then((p) => setConfig(p.labelConfig), setError);
  }, [projectId]);
  useEffect(load, [load]);

  useEffect(() => {
    if (!job || job.status === 'done' || job.status === 'failed') return;
    const timer = setTimeout(() => {
      qualityApi.job(job.id).then((j) => {
        setJob(j);
        if (j.status === 'done') load();
      }, setError);
    }, 500);
    return () => clearTimeout(timer);
  }, [job, load]);

  const run = (f: () => Promise<unknown>) => reportErrors(setError, f);

  const goldOption = useMemo(() => {
    const names = workers.map((w) => w.email ?? w.worker);
    return {
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: names, axisLabel: { rotate: names.length > 6 ? 30 : 0 } },
      yAxis: { type: 'value', min: 0, max: 1 },
      series: [
        { type: 'bar', stack: 'ci', itemStyle: { color: 'transparent' }, data: workers.map((w) => w.low), tooltip: { show: false } },
        { name: t('quality.gold.interval'), type: 'bar', stack: 'ci', barMaxWidth: 18, itemStyle: { color: '#a5c8ff' }, data: workers.map((w) => w.high - w.low) },
        { name: t('quality.gold.accuracy'), type: 'scatter', symbolSize: 10, itemStyle: { color: '#1c5fd4' }, data: workers.map((w) => w.proportion) },
      ],
    };
  }, [workers, t]);

  const confusion = report?.controls[0]?.confusion;
  const confusionOption = useMemo(() => {
    if (!confusion) return {};
    const cells = confusion.matrix.flatMap((row, i) => row.map((v, j) => [j, i, v]));
    const max = Math.max(1, ...confusion.matrix.flat());
    return {
      grid: { left: 8, right: 24, top: 16, bottom: 40, containLabel: true },
      tooltip: { position: 'top' },
      xAxis: { type: 'category', data: confusion.labels, name: t('quality.confusion.given'), nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', data: confusion.labels, name: t('quality.confusion.reference'), inverse: true },
      visualMap: { min: 0, max, show: false, inRange: { color: ['#f4f7fb', '#1c5fd4'] } },
      series: [{ type: 'heatmap', data: cells, label: { show: true } }],
    };
  }, [confusion, t]);

  const histogramOption = useMemo(() => {
    const bins = report?.confidenceHistogram ?? [];
    return {
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: bins.map((_, i) => `${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', barMaxWidth: 28, itemStyle: { color: '#2f9e44' }, data: bins }],
    };
  }, [report]);

  if (!report || !policy) return error ? <ErrorMessage error={error} /> : <Loading />;
  // choices agreement and the confusion matrix only mean something for choices controls
  const hasChoices = report.controls.length > 0;

  return (
    <div className="page quality-page" data-testid="quality-page">
      <div className="page-head">
        <h1 className="page-title">{t('quality.title')}</h1>
        <div className="row">
          {role !== 'client' && <Link className="btn" to={`/projects/${projectId}/review`} data-testid="nav-review">{t('quality.nav.review')}</Link>}
          <a className="btn" href={qualityApi.aggregatesUrl(projectId, 'csv')} data-testid="aggregates-csv">{t('quality.aggregation.downloadCsv')}</a>
          <a className="btn" href={qualityApi.aggregatesUrl(projectId, 'jsonl')}>{t('quality.aggregation.downloadJsonl')}</a>
        </div>
      </div>
      <ErrorMessage error={error} />

      <section className="card">
        <div className="card-head"><h2>{t(hasChoices ? 'quality.agreement.title' : 'quality.reviewsTitle')}</h2></div>
        {hasChoices && (
          <table className="table table-compact" data-testid="agreement-table">
            <thead>
              <tr>
                <th>{t('quality.agreement.control')}</th>
                <th className="num">{t('quality.agreement.answers')}</th>
                <th className="num">{t('quality.agreement.shared')}</th>
                <th className="num">{t('quality.agreement.percent')}</th>
                <th className="num" title={t('quality.agreement.kappaHint')}>Fleiss κ</th>
                <th className="num" title={t('quality.agreement.alphaHint')}>Krippendorff α</th>
              </tr>
            </thead>
            <tbody>
              {report.controls.map((c) => (
                <tr key={c.control}>
                  <td>{controlLabel(config, c.control)}</td>
                  <td className="num">{c.answers}</td>
                  <td className="num">{c.sharedTasks}</td>
                  <td className="num">{c.percentAgreement === null ? '—' : pct(c.percentAgreement)}</td>
                  <td className="num">{fmt(c.fleissKappa)}</td>
                  <td className="num">{fmt(c.krippendorffAlpha)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {hasChoices && <p className="muted small" data-testid="agreement-explain">{t('quality.agreement.explain')}</p>}
        <p className="muted small">
          {t('quality.reviews', { accepted: report.reviews.accepted, rejected: report.reviews.rejected, corrected: report.reviews.corrected, awaiting: report.reviews.awaitingFix })}
        </p>
      </section>

      {report.spans.map((r) => <SpanAgreementCard key={r.control} report={r} />)}
      {(report.boxes ?? []).map((r) => <BoxAgreementCard key={r.control} report={r} />)}
      {report.ratings.map((r) => <RatingSpreadCard key={r.control} report={r} />)}
      {report.preferences.map((r) => <PreferenceCard key={r.control} report={r} />)}
      <ModelAssistanceCard projectId={projectId} />

      <section className="card">
        <div className="card-head"><h2>{t('quality.gold.title')}</h2></div>
        <p className="muted small">{t('quality.gold.explain')}</p>
        {workers.length > 0 ? <EChart option={goldOption} testId="gold-chart" height={260} /> : <p className="muted" data-testid="gold-none">{t('quality.gold.none')}</p>}
        <table className="table table-compact" data-testid="gold-table">
          <thead>
            <tr>
              <th>{t('quality.gold.worker')}</th>
              <th className="num">{t('quality.gold.right')}</th>
              <th className="num">{t('quality.gold.accuracy')}</th>
              <th>{t('quality.gold.interval')}</th>
              <th>{t('quality.gold.state')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {workers.map((w) => (
              <tr key={w.worker} data-testid={`gold-worker-${w.userId ?? w.worker}`}>
                <td>{w.email ?? w.worker}</td>
                <td className="num">{w.successes}/{w.trials}</td>
                <td className="num">{pct(w.proportion)}</td>
                <td>[{pct(w.low)}, {pct(w.high)}]</td>
                <td>{w.paused ? t('quality.gold.paused') : t('quality.gold.active')}</td>
                <td className="actions">
                  {manager && w.paused && w.userId !== null && (
                    <button type="button" className="btn btn-small" onClick={() => void run(async () => { await qualityApi.unpause(projectId, w.userId!); load(); })} data-testid={`unpause-${w.userId}`}>
                      {t('quality.gold.unpause')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {manager && (
          <form
            className="row"
            data-testid="quality-policy-form"
            onSubmit={(e) => {
              e.preventDefault();
              void run(async () => setPolicy(await qualityApi.savePolicy(projectId, policy)));
            }}
          >
            <label className="row">
              <span>{t('quality.policy.pauseBelow')}</span>
              <input type="number" min={0} max={1} step={0.01} value={policy.pauseBelow ?? ''} data-testid="policy-pause-below"
                onChange={(e) => setPolicy({ ...policy, pauseBelow: e.target.value === '' ? null : Number(e.target.value) })} />
            </label>
            <label className="row">
              <span>{t('quality.policy.minGold')}</span>
              <input type="number" min={1} value={policy.minGold} onChange={(e) => setPolicy({ ...policy, minGold: Number(e.target.value) })} />
            </label>
            <label className="row">
              <span>{t('quality.policy.sampleRate')}</span>
              <input type="number" min={0} max={1} step={0.05} value={policy.reviewSampleRate} onChange={(e) => setPolicy({ ...policy, reviewSampleRate: Number(e.target.value) })} />
            </label>
            <label className="row">
              <span>{t('quality.policy.requiredAccuracy')}</span>
              <input type="number" min={0} max={1} step={0.01} value={policy.requiredAccuracy ?? ''}
                onChange={(e) => setPolicy({ ...policy, requiredAccuracy: e.target.value === '' ? null : Number(e.target.value) })} />
            </label>
            <button type="submit" className="btn">{t('quality.policy.save')}</button>
          </form>
        )}
      </section>

      {hasChoices && (
        <section className="card">
          <div className="card-head"><h2>{t('quality.confusion.title')}</h2></div>
          <p className="muted small">{t('quality.confusion.explain', { control: controlLabel(config, report.controls[0]?.control ?? '') })}</p>
          {confusion && confusion.labels.length > 0 && <EChart option={confusionOption} testId="confusion-chart" height={300} />}
          {confusion && (
            <table className="table table-compact" data-testid="confusion-table">
              <thead>
                <tr>
                  <th>{t('quality.confusion.reference')} \ {t('quality.confusion.given')}</th>
                  {confusion.labels.map((l) => <th key={l} className="num">{l}</th>)}
                </tr>
              </thead>
              <tbody>
                {confusion.matrix.map((row, i) => (
                  <tr key={confusion.labels[i]}>
                    <th>{confusion.labels[i]}</th>
                    {row.map((v, j) => <td key={j} className="num">{v}</td>)}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      <section className="card">
        <div className="card-head"><h2>{t('quality.aggregation.title')}</h2></div>
        <EChart option={histogramOption} testId="confidence-chart" height={200} />
        <table className="table table-compact" data-testid="confidence-table">
          <tbody>
            <tr>
              <th>{t('quality.aggregation.confidence')}</th>
              {report.confidenceHistogram.map((_, i) => <th key={i} className="num">{(i / 10).toFixed(1)}</th>)}
            </tr>
            <tr>
              <th>{t('quality.aggregation.tasks')}</th>
              {report.confidenceHistogram.map((n, i) => <td key={i} className="num">{n}</td>)}
            </tr>
          </tbody>
        </table>
        <p className="muted small">
          {t('quality.aggregation.stored', { count: report.aggregates.total })}{' '}
          {Object.entries(report.aggregates.byMethod)
            .map(([m, n]) => `${m.split('+').map((part) => t(`quality.methods.${part}`, { defaultValue: part })).join(' + ')}: ${n}`)
            .join(', ')}
        </p>
        {manager && (
          <div className="row">
            <select value={method} onChange={(e) => setMethod(e.target.value)} data-testid="aggregation-method">
              {METHODS.map((m) => <option key={m} value={m}>{t(`quality.methods.${m}`)}</option>)}
            </select>
            {report.spans.length > 0 && (
              <label className="row">
                <span>{t('quality.aggregation.spanMatch')}</span>
                <select value={spanMatch} onChange={(e) => setSpanMatch(e.target.value === 'overlap' ? 'overlap' : 'exact')} data-testid="aggregation-span-match">
                  <option value="exact">{t('quality.aggregation.spanExact')}</option>
                  <option value="overlap">{t('quality.aggregation.spanOverlap')}</option>
                </select>
              </label>
            )}
            <button type="button" className="btn btn-primary" onClick={() => void run(async () => setJob(await qualityApi.aggregate(projectId, method, { spanMatch })))} data-testid="aggregation-run">
              {t('quality.aggregation.run')}
            </button>
            {job && (
              <span className="muted" data-testid="aggregation-job">
                {t(`quality.aggregation.status.${job.status}`, { defaultValue: job.status })} {job.status === 'running' ? pct(job.progress) : ''}
                {job.result?.method ? ` · ${job.result.method.split('+').map((part) => t(`quality.methods.${part}`, { defaultValue: part })).join(' + ')}` : ''}
                {job.result?.otherControls?.map((c) => ` · ${controlLabel(config, c.control)}: ${t('quality.aggregation.otherControl', { tasks: c.tasks, method: t(`quality.methods.${c.method}`, { defaultValue: c.method }) })}`).join('')}
                {job.result?.goldAnchoring?.map((a) => ` · ${controlLabel(config, a.control)}: ${t(a.heldOut.total === 0 ? 'quality.aggregation.goldTooFew' : a.anchored ? 'quality.aggregation.goldAnchored' : 'quality.aggregation.goldNotAnchored', a.heldOut)}`).join('')}
                {job.error ? ` · ${codedMessageText(t, (k) => i18n.exists(k), { message: job.error, code: job.result?.code, details: job.result?.details })}` : ''}
              </span>
            )}
          </div>
        )}
      </section>

      <LotsPanel projectId={projectId} role={role} config={config} />
    </div>
  );
}
