import type { CleaningReportView, StepReport } from '@biaozhu/contract';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { codedMessageText } from '../components/error-text';
import { Loading } from '../components/loading';
import { findingLabel } from './finding-label';
import { intakeApi } from './intake-api';
import { BarsChart } from './report-charts';

/** PII findings are counts per kind; look-alikes rejected by a validator and low-confidence hits are listed apart. */
function piiKinds(step: StepReport | undefined): [string, number][] {
  if (!step) return [];
  return Object.entries(step.findings)
    .filter(([k]) => !k.startsWith('rejected:') && k !== 'below_confidence')
    .map(([k, f]): [string, number] => [k, f.count])
    .sort((a, b) => b[1] - a[1]);
}

/** The report of one cleaning job: records in/out/changed per step, PII counts per kind, and each step's findings. */
export default function CleaningReportPage() {
  const { projectId = '', jobId = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [view, setView] = useState<CleaningReportView | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    intakeApi.report(jobId).then(setView, setError);
  }, [jobId]);

  const flow = useMemo(() => {
    if (!view) return null;
    const steps = view.report.steps;
    return {
      categories: steps.map((s) => t(`intake.steps.${s.step}`, { defaultValue: s.step })),
      series: [
        { name: t('intake.report.in'), color: '#8fa3bf', values: steps.map((s) => s.in) },
        { name: t('intake.report.out'), color: '#2f6fde', values: steps.map((s) => s.out) },
        { name: t('intake.report.changed'), color: '#e8a33d', values: steps.map((s) => s.changed) },
      ],
    };
  }, [view, t]);
  const pii = useMemo(() => piiKinds(view?.report.steps.find((s) => s.step === 'pii')), [view]);
  const piiSeries = useMemo(() => [{ name: t('intake.report.piiCount'), color: '#c2410c', values: pii.map(([, n]) => n) }], [pii, t]);
  const piiCategories = useMemo(() => pii.map(([k]) => t(`intake.piiKinds.${k}`, { defaultValue: k })), [pii, t]);

  if (error) return <ErrorMessage error={error} />;
  if (!view || !flow) return <Loading />;
  const r = view.report;
  return (
    <div data-testid="intake-report">
      <div className="page-head">
        <h1 className="page-title">{t('intake.report.title', { file: view.fileName })}</h1>
        <Link className="btn" to={`/projects/${projectId}/intake`}>{t('intake.report.back')}</Link>
      </div>
      <section className="card">
        <div className="stats-layout">
          <Stat label={t('intake.report.input')} value={r.input} testId="report-input" />
          <Stat label={t('intake.report.output')} value={r.output} testId="report-output" />
          <Stat label={t('intake.report.dropped')} value={r.dropped} testId="report-dropped" />
          <Stat label={t('intake.report.badLines')} value={r.badLines} testId="report-bad-lines" />
          <Stat label={t('intake.report.missingText')} value={r.missingText} testId="report-missing" />
          <Stat label={t('intake.report.duration')} value={`${(r.durationMs / 1000).toFixed(1)} s`} testId="report-duration" />
        </div>
        <p className="muted small">
          {view.importId !== null ? t('intake.report.importedAs', { id: view.importId }) : t('intake.report.notImported')} ·{' '}
          {r.keptOriginal ? t('intake.report.originalsKept', { key: r.originalKey }) : t('intake.report.originalsDiscarded')}
        </p>
      </section>
      <div className="manager-columns">
        <section className="card manager-column">
          <h2>{t('intake.report.flowTitle')}</h2>
          <BarsChart categories={flow.categories} series={flow.series} testId="report-flow-chart" />
        </section>
        <section className="card manager-column">
          <h2>{t('intake.report.piiTitle')}</h2>
          {pii.length === 0 ? <p className="muted" data-testid="report-no-pii">{t('intake.report.noPii')}</p> : (
            <BarsChart categories={piiCategories} series={piiSeries} testId="report-pii-chart" horizontal />
          )}
        </section>
      </div>
      <section className="card">
        <h2>{t('intake.report.stepsTitle')}</h2>
        <table className="table" data-testid="report-steps">
          <thead>
            <tr><th>{t('intake.report.step')}</th><th className="num">{t('intake.report.in')}</th><th className="num">{t('intake.report.out')}</th><th className="num">{t('intake.report.changed')}</th><th>{t('intake.report.findings')}</th></tr>
          </thead>
          <tbody>
            {r.steps.map((s, i) => (
              <tr key={i}>
                <td>{t(`intake.steps.${s.step}`, { defaultValue: s.step })}</td>
                <td className="num">{s.in}</td>
                <td className="num">{s.out}</td>
                <td className="num">{s.changed}</td>
                <td className="small">{Object.entries(s.findings).map(([k, f]) => `${findingLabel(t, k)}: ${f.count}`).join(' · ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {r.steps.map((s, i) => {
        const examples = Object.entries(s.findings).flatMap(([k, f]) => f.examples.map((e) => ({ kind: k, ...e })));
        if (examples.length === 0) return null;
        return (
          <section className="card" key={i} data-testid={`report-examples-${s.step}`}>
            <h2>{t('intake.report.examplesTitle', { step: t(`intake.steps.${s.step}`, { defaultValue: s.step }) })}</h2>
            <table className="table table-compact">
              <thead><tr><th>{t('intake.report.finding')}</th><th className="num">{t('intake.report.record')}</th><th>{t('intake.report.excerpt')}</th><th>{t('intake.report.detail')}</th></tr></thead>
              <tbody>
                {examples.slice(0, 50).map((e, j) => (
                  <tr key={j}><td>{findingLabel(t, e.kind)}</td><td className="num">{e.index + 1}</td><td>{e.text}</td><td className="small muted">{detailText(e.detail, t)}</td></tr>
                ))}
              </tbody>
            </table>
          </section>
        );
      })}
      {r.skippedLines.length > 0 && (
        <section className="card" data-testid="report-skipped">
          <h2>{t('intake.report.skippedTitle', { count: r.badLines })}</h2>
          <table className="table table-compact">
            <thead><tr><th className="num">{t('intake.report.line')}</th><th>{t('intake.report.reason')}</th></tr></thead>
            <tbody>{r.skippedLines.slice(0, 100).map((s, i) => <tr key={i}><td className="num">{s.line}</td><td>{codedMessageText(t, (k) => i18n.exists(k), s)}</td></tr>)}</tbody>
          </table>
        </section>
      )}
    </div>
  );
}

/** Translates the pipeline's fixed detail phrases; other details (masked values, similarities) are shown as they are. */
function detailText(detail: string | undefined, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (!detail) return '';
  const same = /^same as record (\d+)$/.exec(detail);
  return same ? t('intake.report.sameAs', { n: Number(same[1]) + 1 }) : detail;
}

function Stat({ label, value, testId }: { label: string; value: number | string; testId: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
