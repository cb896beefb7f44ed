import { useTranslation } from 'react-i18next';
import type { EligibilityWarning } from './membership-api';

/**
 * Why the policy about to be saved would leave nobody to work on the project, one line per reason, and the choice to
 * save anyway or go back. The reasons come from the server (POST .../assignment-policy/check).
 */
export function EligibilityWarnings({ warnings, busy, onConfirm, onCancel }: {
  warnings: EligibilityWarning[];
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const line = (w: EligibilityWarning) => {
    switch (w.code) {
      case 'team_has_no_members':
        return t('teams.warnings.team_has_no_members', { team: w.teamName });
      case 'qualification_held_by_nobody':
        return t('teams.warnings.qualification_held_by_nobody', { qualification: w.qualification });
      case 'project_has_no_workers':
        return t(`teams.warnings.project_has_no_workers_${w.access}`);
      case 'no_worker_meets_all':
        return t('teams.warnings.no_worker_meets_all');
    }
  };
  return (
    <div className="error-banner" role="alertdialog" aria-labelledby="policy-warning-title" data-testid="policy-warnings">
      <p className="strong" id="policy-warning-title">{t('teams.warnings.title')}</p>
      <ul>
        {warnings.map((w, i) => <li key={i} data-testid="policy-warning" data-code={w.code}>{line(w)}</li>)}
      </ul>
      <div className="row">
        <button type="button" className="btn" disabled={busy} onClick={onCancel} data-testid="policy-warning-cancel">{t('teams.warnings.cancel')}</button>
        <button type="button" className="btn btn-primary" disabled={busy} onClick={onConfirm} data-testid="policy-warning-confirm">
          {t('teams.warnings.confirm')}
        </button>
      </div>
    </div>
  );
}
