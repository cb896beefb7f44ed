import { useTranslation } from 'react-i18next';
import { OVERLAP_MODES, type PolicyForm } from './policy-form';
import { PolicyField } from './policy-field';

type Set = <K extends keyof PolicyForm>(key: K, value: PolicyForm[K]) => void;

/** The overlap mode (fixed, share, dynamic), what each one means, and the numbers the chosen mode needs. */
export function OverlapFields({ form, set, bad }: { form: PolicyForm; set: Set; bad: keyof PolicyForm | null }) {
  const { t } = useTranslation();
  return (
    <fieldset className="field field-wide policy-group">
      <span>{t('policy.mode')}</span>
      <div className="row">
        {OVERLAP_MODES.map((m) => (
          <label key={m} className="toggle">
            <input type="radio" name="overlap-mode" checked={form.mode === m} onChange={() => set('mode', m)}
              data-testid={`policy-mode-${m}`} />
            {t(`policy.modes.${m}`)}
          </label>
        ))}
      </div>
      <span className="muted small" data-testid="policy-mode-hint">{t(`policy.modeHints.${form.mode}`, { overlap: form.overlap })}</span>
      {form.mode === 'share' && (
        <div className="form-grid">
          <PolicyField label={t('policy.share')} hint={t('policy.shareHint')} testId="policy-share" invalid={bad === 'shareSharePct'} suffix="%"
            value={form.shareSharePct} onChange={(v) => set('shareSharePct', v)} />
          <PolicyField label={t('policy.shareOverlap')} hint={t('policy.shareOverlapHint')} testId="policy-share-overlap" invalid={bad === 'shareOverlap'}
            value={form.shareOverlap} onChange={(v) => set('shareOverlap', v)} />
        </div>
      )}
      {form.mode === 'dynamic' && (
        <div className="form-grid">
          <PolicyField label={t('policy.dynamicThreshold')} hint={t('policy.dynamicThresholdHint')} suffix="%"
            testId="policy-dynamic-threshold" invalid={bad === 'dynamicThresholdPct'} value={form.dynamicThresholdPct} onChange={(v) => set('dynamicThresholdPct', v)} />
          <PolicyField label={t('policy.dynamicMax')} hint={t('policy.dynamicMaxHint')} testId="policy-dynamic-max" invalid={bad === 'dynamicMax'}
            value={form.dynamicMax} onChange={(v) => set('dynamicMax', v)} />
        </div>
      )}
    </fieldset>
  );
}
