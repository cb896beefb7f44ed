import { useTranslation } from 'react-i18next';
import type { AssignmentPolicyState, StatsCounts } from '../api-types';

/** The project at a glance: its counts, and how work is handed out under the current overlap and policy. */
export function PolicySummary({ counts, state }: { counts: StatsCounts | null; state: AssignmentPolicyState }) {
  const { t } = useTranslation();
  const { policy } = state;
  const o = policy.overlap;
  const pct = (x: number) => Math.round(x * 1000) / 10;
  const parts = [
    o.mode === 'fixed' ? t('summary.fixed', { overlap: state.overlap })
      : o.mode === 'share' ? t('summary.share', { overlap: state.overlap, share: pct(o.share), extra: o.overlap })
        : t('summary.dynamic', { overlap: state.overlap, max: o.max, threshold: pct(o.threshold) }),
    t('summary.lease', { minutes: Math.round(state.leaseTtlSeconds / 6) / 10 }),
    t(`policy.orders.${policy.order}`),
    policy.dailyCap === null ? t('summary.noCap') : t('summary.cap', { count: policy.dailyCap }),
  ];
  if (policy.goldRate > 0) parts.push(t('summary.gold', { rate: pct(policy.goldRate) }));
  const { teams, qualification } = policy.eligibility;
  if (teams.length > 0) parts.push(t('summary.teams', { count: teams.length }));
  if (qualification) parts.push(t('summary.qualification', { name: qualification }));
  if (teams.length === 0 && !qualification) parts.push(t('summary.everyone'));
  return (
    <div className="policy-summary small" data-testid="policy-summary">
      {counts && (
        <p data-testid="summary-counts">
          {t('summary.counts', { tasks: counts.tasks, completed: counts.completed, inProgress: counts.inProgress,
            annotations: counts.annotations })}
        </p>
      )}
      <p className="muted" data-testid="summary-policy">{parts.join(' · ')}</p>
    </div>
  );
}
