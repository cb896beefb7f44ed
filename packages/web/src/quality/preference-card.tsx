import type { PreferenceReport } from '@biaozhu/contract';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../components/echart';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** The Bradley-Terry fit of a pairwise or ranking control: ties, the pull to the left, and strengths of named items. */
export function PreferenceCard({ report }: { report: PreferenceReport }) {
  const { t } = useTranslation();
  const option = useMemo(() => {
    const items = [...report.items].reverse();
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 28, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: t('quality.preferences.strength'), nameLocation: 'middle', nameGap: 24 },
      yAxis: { type: 'category', data: items.map((i) => i.item) },
      series: [{ type: 'bar', barMaxWidth: 20, itemStyle: { color: '#7048e8' }, data: items.map((i) => Number(i.strength.toFixed(3))) }],
    };
  }, [report, t]);
  const bias = report.positionBias.theta;
  return (
    <section className="card" data-testid={`preference-${report.control}`}>
      <div className="card-head"><h2>{t(`quality.preferences.title.${report.kind}`, { control: report.control })}</h2></div>
      <p className="muted small">{t('quality.preferences.explain')} {t(`quality.preferences.fittedOver.${report.fittedOver}`)}</p>
      <table className="table table-compact" data-testid="preference-table">
        <tbody>
          <tr><th>{t('quality.preferences.judgements')}</th><td className="num">{report.judgements}</td></tr>
          <tr><th>{t('quality.preferences.tasks')}</th><td className="num">{report.tasks}</td></tr>
          <tr><th>{t('quality.preferences.ties')}</th><td className="num" data-testid="preference-ties">{pct(report.ties.share)}</td></tr>
          <tr><th>{t('quality.preferences.leftWins')}</th><td className="num" data-testid="preference-left">{pct(report.positionBias.leftWinShare)}</td></tr>
          <tr>
            <th>{t('quality.preferences.theta')}</th>
            <td className="num" data-testid="preference-theta">
              {bias.toFixed(2)} ({t(bias > 1.1 ? 'quality.preferences.favoursLeft' : bias < 1 / 1.1 ? 'quality.preferences.favoursRight' : 'quality.preferences.noBias')})
            </td>
          </tr>
        </tbody>
      </table>
      {!report.converged && <p className="muted small">{t('quality.preferences.notConverged')}</p>}
      {report.items.length > 0 ? (
        <>
          <EChart option={option} testId="preference-chart" height={Math.max(120, 32 * report.items.length)} />
          <table className="table table-compact" data-testid="preference-items">
            <thead>
              <tr>
                <th>{t('quality.preferences.item')}</th>
                <th className="num">{t('quality.preferences.strength')}</th>
                <th className="num">{t('quality.preferences.wins')}</th>
                <th className="num">{t('quality.preferences.losses')}</th>
                <th className="num">{t('quality.preferences.tiesOf')}</th>
              </tr>
            </thead>
            <tbody>
              {report.items.map((i) => (
                <tr key={i.item}>
                  <td>{i.item}</td>
                  <td className="num">{i.strength.toFixed(3)}</td>
                  <td className="num">{i.wins}</td>
                  <td className="num">{i.losses}</td>
                  <td className="num">{i.ties}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="muted small">{t(`quality.preferences.unnamed.${report.kind}`)}</p>
      )}
    </section>
  );
}
