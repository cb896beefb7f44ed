import type { AnnotatorStats, StatsBucket } from '@biaozhu/contract';
import { json as call } from '../api';

/** The period and buckets a manager chose: local dates (`2026-03-01`, `to` inclusive) and the bucket. */
export interface StatsPeriod {
  from: string;
  to: string;
  bucket: StatsBucket;
}

/** Local midnight of a `YYYY-MM-DD` date, `days` later, as an ISO instant. */
function localMidnight(date: string, days = 0): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y!, m! - 1, d! + days).toISOString();
}

/** The query of the statistics: the browser's time zone decides where days and hours start. */
export function statsQuery(period: StatsPeriod): string {
  const q = new URLSearchParams({ bucket: period.bucket, utcOffset: String(-new Date().getTimezoneOffset()) });
  if (period.from) q.set('from', localMidnight(period.from));
  if (period.to) q.set('to', localMidnight(period.to, 1));
  return q.toString();
}

const p = (id: string) => encodeURIComponent(id);

export const annotatorStatsApi = {
  load: (projectId: string, period: StatsPeriod) => call<AnnotatorStats>('GET', `/projects/${p(projectId)}/annotator-stats?${statsQuery(period)}`),
  csvUrl: (projectId: string, period: StatsPeriod, lang: string) =>
    `/api/projects/${p(projectId)}/annotator-stats.csv?${statsQuery(period)}&lang=${lang === 'zh-CN' ? 'zh-CN' : 'en'}`,
};
