import type { AnnotatorStats, AnnotatorStatsRow } from '@biaozhu/contract';
import { csvRow } from '../export/csv-row.js';

/** The language of the CSV's header row. */
export type StatsCsvLanguage = 'en' | 'zh-CN';

const num = (v: number | null, digits = 4): string => (v === null ? '' : String(Number(v.toFixed(digits))));

/** The columns of the CSV: header in English and Chinese, and the cell of a row. */
const COLUMNS: ReadonlyArray<{ en: string; zh: string; cell(r: AnnotatorStatsRow): string }> = [
  { en: 'worker', zh: '标注员代号', cell: (r) => r.worker },
  { en: 'user_id', zh: '用户ID', cell: (r) => (r.userId === null ? '' : String(r.userId)) },
  { en: 'name', zh: '姓名', cell: (r) => r.name ?? '' },
  { en: 'email', zh: '邮箱', cell: (r) => r.email ?? '' },
  { en: 'answers', zh: '提交数', cell: (r) => String(r.answers) },
  { en: 'active_hours', zh: '有效工时(小时)', cell: (r) => num(r.activeMs / 3_600_000) },
  { en: 'answers_per_active_hour', zh: '每有效小时提交数', cell: (r) => num(r.answersPerActiveHour, 2) },
  { en: 'active_buckets', zh: '有提交的时段数', cell: (r) => String(r.activeBuckets) },
  { en: 'answers_per_active_bucket', zh: '每时段提交数', cell: (r) => num(r.answersPerActiveBucket, 2) },
  { en: 'median_task_seconds', zh: '每题用时中位数(秒)', cell: (r) => num(r.medianTaskMs === null ? null : r.medianTaskMs / 1000, 1) },
  { en: 'p90_task_seconds', zh: '每题用时P90(秒)', cell: (r) => num(r.p90TaskMs === null ? null : r.p90TaskMs / 1000, 1) },
  { en: 'skipped', zh: '跳过数', cell: (r) => String(r.skipped) },
  { en: 'skip_rate', zh: '跳过率', cell: (r) => num(r.skipRate) },
  { en: 'expired', zh: '超时数', cell: (r) => String(r.expired) },
  { en: 'expiry_rate', zh: '超时率', cell: (r) => num(r.expiryRate) },
  { en: 'reviewed', zh: '被审核数', cell: (r) => String(r.reviewed) },
  { en: 'rejected', zh: '被驳回数', cell: (r) => String(r.rejected) },
  { en: 'rejection_rate', zh: '驳回率', cell: (r) => num(r.rejectionRate) },
  { en: 'agreement_compared', zh: '一致性比较数', cell: (r) => String(r.agreement.compared) },
  { en: 'agreement_rate', zh: '与共识一致率', cell: (r) => num(r.agreement.rate) },
  { en: 'span_tasks', zh: '实体比较题数', cell: (r) => String(r.spanAgreement.tasks) },
  { en: 'span_f1', zh: '实体F1', cell: (r) => num(r.spanAgreement.f1) },
  { en: 'gold_right', zh: '金标准答对数', cell: (r) => String(r.gold.successes) },
  { en: 'gold_answers', zh: '金标准作答数', cell: (r) => String(r.gold.trials) },
  { en: 'gold_accuracy', zh: '金标准准确率', cell: (r) => (r.gold.trials === 0 ? '' : num(r.gold.proportion)) },
  { en: 'gold_low_95', zh: '准确率95%区间下限', cell: (r) => (r.gold.trials === 0 ? '' : num(r.gold.low)) },
  { en: 'gold_high_95', zh: '准确率95%区间上限', cell: (r) => (r.gold.trials === 0 ? '' : num(r.gold.high)) },
];

/**
 * The people's statistics as one CSV for a spreadsheet: a UTF-8 byte order mark first (Excel on Chinese Windows
 * reads a CSV without it in the local code page and garbles every Chinese character), a header row in the chosen
 * language, one row per annotator, formula-safe cells (export/csv-row.ts: a name such as `=HYPERLINK(...)` stays text).
 * Rates are shares in [0, 1]; an empty cell is an unknown rate (nothing to divide by).
 */
export function annotatorStatsCsv(stats: AnnotatorStats, language: StatsCsvLanguage = 'en'): string {
  const header = csvRow(COLUMNS.map((c) => (language === 'zh-CN' ? c.zh : c.en)));
  return '\uFEFF' + header + stats.annotators.map((r) => csvRow(COLUMNS.map((c) => c.cell(r)))).join('');
}
