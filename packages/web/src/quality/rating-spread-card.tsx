import type { RatingSpreadReport } from '@biaozhu/contract';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../components/echart';

const num = (v: number | null, digits = 2) => (v === null ? '—' : v.toFixed(digits));

/** How far apart the ratings of one rating control are: the distribution, the mean IQR, disputed tasks, alpha. */
export function RatingSpreadCard({ report }: { report: RatingSpreadReport }) {
  const { t } = useTranslation();
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: report.distribution.map((_, i) => '★'.repeat(i + 1)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: t('quality.ratings.count'), type: 'bar', barMaxWidth: 28, itemStyle: { color: '#e8a317' }, data: report.distribution }],
    }),
    [report, t],
  );
  return (
    <section className="card" data-testid={`rating-spread-${report.control}`}>
      <div className="card-head"><h2>{t('quality.ratings.title', { control: report.control })}</h2></div>
      <p className="muted small">{t('quality.ratings.explain')}</p>
      <EChart option={option} testId="rating-chart" height={200} />
      <table className="table table-compact" data-testid="rating-table">
        <tbody>
          <tr><th>{t('quality.ratings.answers')}</th><td className="num">{report.answers}</td></tr>
          <tr><th>{t('quality.ratings.shared')}</th><td className="num">{report.sharedTasks}</td></tr>
          <tr><th>{t('quality.ratings.meanIqr')}</th><td className="num" data-testid="rating-mean-iqr">{num(report.meanIqr)}</td></tr>
          <tr><th>{t('quality.ratings.disputed')}</th><td className="num">{report.disputedTasks}</td></tr>
          <tr><th>{t('quality.ratings.alpha')}</th><td className="num">{num(report.krippendorffAlpha, 3)}</td></tr>
          {report.distribution.map((n, i) => (
            <tr key={i}><th>{t('quality.ratings.of', { rating: i + 1 })}</th><td className="num">{n}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
