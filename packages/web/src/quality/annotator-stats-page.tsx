import type { AnnotatorStats, AnnotatorStatsRow, StatsBucket } from '@biaozhu/contract';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { EChart } from '../components/echart';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { annotatorStatsApi, type StatsPeriod } from './annotator-stats-api';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null, digits = 1) => (v === null ? '—' : v.toFixed(digits));

/** What a row is called on screen: a client sees the pseudonym only. */
const nameOf = (r: AnnotatorStatsRow) => r.name || r.email || r.worker;

type SortKey = 'worker' | 'answers' | 'activeHours' | 'perActiveHour' | 'perBucket' | 'medianTask' | 'p90Task' | 'skipRate' | 'expiryRate' | 'rejectionRate' | 'agreement' | 'spanF1' | 'gold';

/** The value a column sorts by; unknown rates sort last whichever way. */
const SORT_VALUE: Record<SortKey, (r: AnnotatorStatsRow) => number | string | null> = {
  worker: nameOf,
  answers: (r) => r.answers,
  activeHours: (r) => r.activeMs,
  perActiveHour: (r) => r.answersPerActiveHour,
  perBucket: (r) => r.answersPerActiveBucket,
  medianTask: (r) => r.medianTaskMs,
  p90Task: (r) => r.p90TaskMs,
  skipRate: (r) => r.skipRate,
  expiryRate: (r) => r.expiryRate,
  rejectionRate: (r) => r.rejectionRate,
  agreement: (r) => r.agreement.rate,
  spanF1: (r) => r.spanAgreement.f1,
  gold: (r) => (r.gold.trials === 0 ? null : r.gold.proportion),
};

function sortRows(rows: readonly AnnotatorStatsRow[], key: SortKey, dir: 1 | -1): AnnotatorStatsRow[] {
  const value = SORT_VALUE[key];
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const c = typeof x === 'string' || typeof y === 'string' ? String(x).localeCompare(String(y), undefined, { numeric: true }) : x - y;
    return c * dir;
  });
}

/** A bar chart of one value per bucket, a series per annotator (stacked for answers, side by side for hours). */
function seriesChart(stats: AnnotatorStats | null, values: (line: AnnotatorStats['series']['annotators'][number]) => number[], stack: boolean): Record<string, unknown> {
  if (!stats) return {};
  const names = new Map(stats.annotators.map((r) => [r.worker, nameOf(r)]));
  return {
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    xAxis: { type: 'category', data: stats.series.buckets },
    yAxis: { type: 'value' },
    series: stats.series.annotators.map((line) => ({
      name: names.get(line.worker) ?? line.worker,
      type: 'bar',
      barMaxWidth: 28,
      ...(stack ? { stack: 'answers' } : {}),
      data: values(line).map((v) => Number(v.toFixed(3))),
    })),
  };
}

/**
 * People's statistics of a project for its managers (and reviewers; a client sees pseudonyms): a sortable table
 * per annotator with the meaning of agreement and of the gold interval spelled out, answers and active hours per
 * day or hour as charts, and the same table as CSV.
 */
export default function AnnotatorStatsPage() {
  const { t, i18n } = useTranslation();
  const { projectId = '' } = useParams();
  const [period, setPeriod] = useState<StatsPeriod>({ from: '', to: '', bucket: 'day' });
  const [shown, setShown] = useState<StatsPeriod>(period);
  const [stats, setStats] = useState<AnnotatorStats | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'answers', dir: -1 });

  useEffect(() => {
    setError(null);
    annotatorStatsApi.load(projectId, shown).then(setStats, setError);
  }, [projectId, shown]);

  const rows = useMemo(() => (stats ? sortRows(stats.annotators, sort.key, sort.dir) : []), [stats, sort]);
  const bucketWord = t(`peopleStats.charts.bucketWord_${stats?.bucket ?? 'day'}`);

  const answersOption = useMemo(() => seriesChart(stats, (l) => l.answers, true), [stats]);
  const hoursOption = useMemo(() => seriesChart(stats, (l) => l.activeHours, false), [stats]);

  const header = (key: SortKey, label: string, numeric = true) => (
    <th
      className={numeric ? 'num sortable' : 'sortable'}
      aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
      data-testid={`stats-sort-${key}`}
    >
      <button type="button" className="sort-button" onClick={() => setSort((s) => ({ key, dir: s.key === key ? (s.dir === 1 ? -1 : 1) : key === 'worker' ? 1 : -1 }))}>
        {label}
        {sort.key === key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );

  return (
    <div className="page people-stats-page" data-testid="people-stats-page">
      <div className="page-head">
        <div>
          <h1 className="page-title">{t('peopleStats.title')}</h1>
          <p className="muted small">{t('peopleStats.explain')}</p>
        </div>
        <div className="row">
          <Link className="btn" to={`/projects/${projectId}`}>{t('peopleStats.back')}</Link>
          <Link className="btn" to={`/projects/${projectId}/quality`}>{t('quality.nav.quality')}</Link>
          <a className="btn" href={annotatorStatsApi.csvUrl(projectId, shown, i18n.language)} data-testid="stats-csv" download>
            {t('peopleStats.downloadCsv')}
          </a>
        </div>
      </div>
      <form
        className="row card"
        data-testid="stats-period"
        onSubmit={(e) => {
          e.preventDefault();
          setShown(period);
        }}
      >
        <label className="row">
          <span>{t('peopleStats.from')}</span>
          <input type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} data-testid="stats-from" />
        </label>
        <label className="row">
          <span>{t('peopleStats.to')}</span>
          <input type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} data-testid="stats-to" />
        </label>
        <label className="row">
          <span>{t('peopleStats.bucket')}</span>
          <select value={period.bucket} onChange={(e) => setPeriod({ ...period, bucket: e.target.value as StatsBucket })} data-testid="stats-bucket">
            <option value="day">{t('peopleStats.buckets.day')}</option>
            <option value="hour">{t('peopleStats.buckets.hour')}</option>
          </select>
        </label>
        <button type="submit" className="btn btn-primary" data-testid="stats-show">{t('peopleStats.show')}</button>
      </form>
      <ErrorMessage error={error} />
      {!stats ? (
        error ? null : <Loading />
      ) : stats.annotators.length === 0 ? (
        <p className="muted" data-testid="stats-none">{t('peopleStats.none')}</p>
      ) : (
        <>
          <section className="card">
            <div className="card-head">
              <h2>{t('peopleStats.tableTitle')}</h2>
              <span className="muted small">{t('peopleStats.sortHint')}</span>
            </div>
            <div className="table-scroll">
              <table className="table table-compact" data-testid="stats-table">
                <thead>
                  <tr>
                    {header('worker', t('peopleStats.columns.worker'), false)}
                    {header('answers', t('peopleStats.columns.answers'))}
                    {header('activeHours', t('peopleStats.columns.activeHours'))}
                    {header('perActiveHour', t('peopleStats.columns.perActiveHour'))}
                    {header('perBucket', t(`peopleStats.columns.perBucket_${stats.bucket}`))}
                    {header('medianTask', t('peopleStats.columns.medianTask'))}
                    {header('p90Task', t('peopleStats.columns.p90Task'))}
                    {header('skipRate', t('peopleStats.columns.skipRate'))}
                    {header('expiryRate', t('peopleStats.columns.expiryRate'))}
                    {header('rejectionRate', t('peopleStats.columns.rejectionRate'))}
                    {header('agreement', t('peopleStats.columns.agreement'))}
                    {stats.spanControls.length > 0 && header('spanF1', t('peopleStats.columns.spanF1'))}
                    {header('gold', t('peopleStats.columns.gold'))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.worker} data-testid={`stats-row-${r.userId ?? r.worker}`}>
                      <td title={r.email ?? r.worker}>{nameOf(r)}</td>
                      <td className="num" data-testid="stats-answers">{r.answers}</td>
                      <td className="num">{num(r.activeMs / 3_600_000, 2)}</td>
                      <td className="num">{num(r.answersPerActiveHour)}</td>
                      <td className="num">{num(r.answersPerActiveBucket)}</td>
                      <td className="num">{r.medianTaskMs === null ? '—' : t('peopleStats.seconds', { value: (r.medianTaskMs / 1000).toFixed(1) })}</td>
                      <td className="num">{r.p90TaskMs === null ? '—' : t('peopleStats.seconds', { value: (r.p90TaskMs / 1000).toFixed(1) })}</td>
                      <td className="num" title={t('peopleStats.ofCount', { n: r.skipped, d: r.answers + r.skipped })}>{pct(r.skipRate)}</td>
                      <td className="num" title={t('peopleStats.ofCount', { n: r.expired, d: r.answers + r.skipped + r.expired })}>{pct(r.expiryRate)}</td>
                      <td className="num" title={t('peopleStats.ofCount', { n: r.rejected, d: r.reviewed })}>{pct(r.rejectionRate)}</td>
                      <td className="num" title={t('peopleStats.ofCount', { n: r.agreement.agreed, d: r.agreement.compared })}>{pct(r.agreement.rate)}</td>
                      {stats.spanControls.length > 0 && (
                        <td className="num" title={t('peopleStats.ofTasks', { n: r.spanAgreement.tasks })}>{num(r.spanAgreement.f1, 3)}</td>
                      )}
                      <td className="num">
                        {r.gold.trials === 0 ? '—' : `${pct(r.gold.proportion)} [${pct(r.gold.low)}, ${pct(r.gold.high)}] · ${r.gold.successes}/${r.gold.trials}`}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p className="muted small">{t('peopleStats.notes.activeTime')}</p>
            <p className="muted small">{t('peopleStats.notes.rates')}</p>
            <p className="muted small" data-testid="stats-agreement-note">
              {stats.agreementControls.length > 0 ? t('peopleStats.notes.agreement', { controls: stats.agreementControls.join(', ') }) : t('peopleStats.notes.agreementNone')}
            </p>
            {stats.spanControls.length > 0 && <p className="muted small">{t('peopleStats.notes.spans', { controls: stats.spanControls.join(', ') })}</p>}
            <p className="muted small">{t('peopleStats.notes.interval')}</p>
          </section>
          <section className="card">
            <div className="card-head"><h2>{t('peopleStats.charts.answers', { bucket: bucketWord })}</h2></div>
            <EChart option={answersOption} testId="stats-answers-chart" height={280} />
          </section>
          <section className="card">
            <div className="card-head"><h2>{t('peopleStats.charts.hours', { bucket: bucketWord })}</h2></div>
            <EChart option={hoursOption} testId="stats-hours-chart" height={280} />
          </section>
        </>
      )}
    </div>
  );
}
