import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { StatsCounts } from '../api-types';
import { StateChart, type Bar } from './state-chart';

/** Task counts by state, as a chart and as the numbers behind it. */
export function StatsPanel({ counts }: { counts: StatsCounts }) {
  const { t, i18n } = useTranslation();
  const bars: Bar[] = useMemo(
    () => [
      { label: t('stats.notStarted'), value: counts.notStarted, color: '#9aa5b1' },
      { label: t('stats.inProgress'), value: counts.inProgress, color: '#f0a202' },
      { label: t('stats.completed'), value: counts.completed, color: '#2f9e44' },
    ],
    // i18n.language is listed so the labels follow a language switch.
    [counts, t, i18n.language],
  );
  const rows: [string, number][] = [
    ['stats.tasks', counts.tasks],
    ['stats.notStarted', counts.notStarted],
    ['stats.inProgress', counts.inProgress],
    ['stats.completed', counts.completed],
    ['stats.annotations', counts.annotations],
    ['stats.skipped', counts.skipped],
  ];
  return (
    <section className="card" data-testid="stats">
      <h2>{t('stats.title')}</h2>
      <div className="stats-layout">
        <StateChart bars={bars} />
        <table className="table table-compact">
          <tbody>
            {rows.map(([key, value]) => (
              <tr key={key}>
                <th>{t(key)}</th>
                <td className="num" data-testid={`count-${key.slice(6)}`}>{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
