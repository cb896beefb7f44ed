import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NewPasswordForm } from '../people/new-password-form';
import { peopleApi } from '../people/people-api';
import { useSession } from '../session-context';

const TEST_IDS = { form: 'change-password-form', password: 'new-password-input', repeat: 'repeat-password', submit: 'change-password-submit' };

/**
 * Changing one's own password. After a reset or with an initial password this is the only page open (RequireAuth
 * sends every other route here, and the server refuses other requests) until the new password is saved.
 */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [current, setCurrent] = useState('');
  const forced = user?.mustChangePassword === true;
  return (
    <NewPasswordForm
      title={t('people.password.title')}
      intro={forced && <p className="people-once" data-testid="forced-change">{t('people.password.forced')}</p>}
      submitLabel={t('people.password.submit')}
      testIds={TEST_IDS}
      save={(next) => peopleApi.changeOwnPassword(current, next)}
    >
      <label className="field">
        <span>{forced ? t('people.password.currentGiven') : t('people.password.current')}</span>
        <input type="password" autoComplete="current-password" required autoFocus value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="current-password" />
      </label>
    </NewPasswordForm>
  );
}
