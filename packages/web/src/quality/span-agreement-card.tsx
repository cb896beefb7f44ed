import type { SpanAgreementReport } from '@biaozhu/contract';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../components/echart';

const f1 = (v: number | null) => (v === null ? '—' : v.toFixed(3));

/** Span agreement of one `labels` control: pairwise F1 exact and by token overlap, overall and per label. */
export function SpanAgreementCard({ report }: { report: SpanAgreementReport }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const labels = report.perLabel.map((l) => l.label);
    return {
      grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      xAxis: { type: 'category', data: labels },
      yAxis: { type: 'value', min: 0, max: 1 },
      series: [
        { name: t('quality.spans.exact'), type: 'bar', barMaxWidth: 24, itemStyle: { color: '#1c5fd4' }, data: report.perLabel.map((l) => l.f1Exact) },
        { name: t('quality.spans.overlap', { threshold: report.overlapThreshold }), type: 'bar', barMaxWidth: 24, itemStyle: { color: '#a5c8ff' }, data: report.perLabel.map((l) => l.f1Overlap) },
      ],
    };
  }, [report, t]);
  return (
    <section className="card" data-testid={`span-agreement-${report.control}`}>
      <div className="card-head"><h2>{t('quality.spans.title', { control: report.control })}</h2></div>
      <p className="muted small">{t('quality.spans.explain')}</p>
      <p data-testid="span-f1">
        {t('quality.spans.summary', { exact: f1(report.f1Exact), overlap: f1(report.f1Overlap), threshold: report.overlapThreshold, tasks: report.sharedTasks, pairs: report.pairs })}
      </p>
      {report.sharedTasks > 0 ? <EChart option={option} testId="span-f1-chart" height={220} /> : <p className="muted">{t('quality.spans.none')}</p>}
      <table className="table table-compact" data-testid="span-f1-table">
        <thead>
          <tr>
            <th>{t('quality.spans.label')}</th>
            <th className="num">{t('quality.spans.spans')}</th>
            <th className="num">{t('quality.spans.exact')}</th>
            <th className="num">{t('quality.spans.overlap', { threshold: report.overlapThreshold })}</th>
          </tr>
        </thead>
        <tbody>
          {report.perLabel.map((l) => (
            <tr key={l.label}>
              <td>{l.label}</td>
              <td className="num">{l.spans}</td>
              <td className="num">{f1(l.f1Exact)}</td>
              <td className="num">{f1(l.f1Overlap)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
