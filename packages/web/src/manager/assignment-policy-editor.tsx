import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClaimOrder } from '@biaozhu/contract';
import { api, ApiError } from '../api';
import type { AssignmentPolicyState, Team } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { EligibilityFields } from './eligibility-fields';
import { EligibilityWarnings } from './teams-eligibility-warnings';
import { membershipApi, type EligibilityWarning } from './membership-api';
import { OverlapFields } from './overlap-fields';
import { PolicyField } from './policy-field';
import { fieldAtFault, fromForm, ORDERS, toForm, type PolicyForm } from './policy-form';

/**
 * The "Assignment" section: overlap and lease time, the overlap mode, gold rate, claim order, daily cap and who is
 * eligible. Saving replaces the whole policy; the server checks it and names the field at fault. A policy that would
 * leave nobody to work (an empty team, a qualification nobody holds, no members) is shown with the reasons first and
 * saved only when the manager confirms. `teamsVersion` changes when a team changed elsewhere on the page.
 */
export function AssignmentPolicyEditor({ projectId, state, onSaved, teamsVersion = 0 }: {
  projectId: string;
  state: AssignmentPolicyState;
  onSaved: (s: AssignmentPolicyState) => void;
  teamsVersion?: number;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState<PolicyForm>(() => toForm(state));
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [warnings, setWarnings] = useState<EligibilityWarning[] | null>(null);

  useEffect(() => {
    api.teams().then(setTeams, (e: unknown) => {
      setTeams([]);
      setError(e);
    });
  }, [teamsVersion]);

  const bad = error instanceof ApiError && error.status === 400 ? fieldAtFault(error.message, error.details) : null;

  const set = <K extends keyof PolicyForm>(key: K, value: PolicyForm[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setSaved(false);
    setWarnings(null);
  };

  const save = async (confirmed: boolean) => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const update = fromForm(form);
      if (!confirmed) {
        const check = await membershipApi.checkPolicy(projectId, update.policy);
        if (check.warnings.length > 0) {
          setWarnings(check.warnings);
          return;
        }
      }
      setWarnings(null);
      const next = await api.saveAssignmentPolicy(projectId, update);
      setForm(toForm(next));
      setSaved(true);
      onSaved(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="policy-editor">
      <h2>{t('policy.title')}</h2>
      <p className="muted small">{t('policy.intro')}</p>
      <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void save(false); }}>
        <PolicyField label={t('policy.overlap')} hint={t('policy.overlapHint')} testId="policy-overlap" invalid={bad === 'overlap'}
          value={form.overlap} onChange={(v) => set('overlap', v)} />
        <PolicyField label={t('policy.lease')} hint={t('policy.leaseHint')} testId="policy-lease" invalid={bad === 'leaseTtlSeconds'} suffix={t('policy.seconds')}
          value={form.leaseTtlSeconds} onChange={(v) => set('leaseTtlSeconds', v)} />
        <OverlapFields form={form} set={set} bad={bad} />
        <label className="field">
          <span>{t('policy.order')}</span>
          <select value={form.order} onChange={(e) => set('order', e.target.value as ClaimOrder)} data-testid="policy-order">
            {ORDERS.map((o) => <option key={o} value={o}>{t(`policy.orders.${o}`)}</option>)}
          </select>
          <span className="muted small">{t(`policy.orderHints.${form.order}`)}</span>
        </label>
        <PolicyField label={t('policy.seed')} hint={t('policy.seedHint')} testId="policy-seed" invalid={bad === 'seed'}
          value={form.seed} onChange={(v) => set('seed', v)} />
        <PolicyField label={t('policy.goldRate')} hint={t('policy.goldRateHint')} testId="policy-gold-rate" invalid={bad === 'goldRatePct'} suffix="%"
          value={form.goldRatePct} onChange={(v) => set('goldRatePct', v)} />
        <PolicyField label={t('policy.dailyCap')} hint={t('policy.dailyCapHint')} testId="policy-daily-cap" invalid={bad === 'dailyCap'}
          placeholder={t('policy.noCap')} value={form.dailyCap} onChange={(v) => set('dailyCap', v)} />
        <PolicyField label={t('policy.capOffset')} hint={t('policy.capOffsetHint')} testId="policy-cap-offset" invalid={bad === 'capUtcOffsetMinutes'}
          suffix={t('policy.minutes')} value={form.capUtcOffsetMinutes} onChange={(v) => set('capUtcOffsetMinutes', v)} />
        <EligibilityFields teams={teams} checked={form.teams} onTeams={(ids) => set('teams', ids)}
          qualificationInvalid={bad === 'qualification'}
          qualification={form.qualification} onQualification={(v) => set('qualification', v)}
          onTeamCreated={(team) => setTeams((ts) => [...(ts ?? []), team])} />
        <div className="row field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="policy-save">
            {busy ? t('policy.saving') : t('policy.save')}
          </button>
          {saved && <span className="success small" role="status" data-testid="policy-saved">{t('policy.saved')}</span>}
        </div>
      </form>
      {warnings && <EligibilityWarnings warnings={warnings} busy={busy} onConfirm={() => void save(true)} onCancel={() => setWarnings(null)} />}
      <ErrorMessage error={error} />
      {bad && <p className="small error-text" data-testid="policy-field-at-fault" data-field={bad}>{t('policy.checkField')}</p>}
    </section>
  );
}
