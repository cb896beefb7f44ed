import type { AccountRole, PersonView } from '@biaozhu/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { peopleApi } from './people-api';

/**
 * A row's actions: role change, password reset (the new password shown once; the user must change it at next
 * login), deactivate and reactivate. What the server refuses (a manager over an admin, the last admin) is shown in
 * the row.
 */
export function PersonActions({ person, roles, mayTouch, onChanged }: { person: PersonView; roles: AccountRole[]; mayTouch: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const [confirmReset, setConfirmReset] = useState(false);
  const [password, setPassword] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
      onChanged();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (!mayTouch) return <span className="muted small">{t('people.actions.adminOnly')}</span>;
  const disabled = person.status === 'disabled';
  return (
    <div className="people-actions">
      <select
        aria-label={t('people.actions.role')}
        value={person.role}
        disabled={busy}
        onChange={(e) => void run(() => peopleApi.changeRole(person.id, e.target.value as AccountRole))}
        data-testid={`role-${person.id}`}
      >
        {(roles.includes(person.role) ? roles : [person.role, ...roles]).map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
      </select>
      {!confirmReset && (
        <button type="button" className="btn btn-small" disabled={busy} onClick={() => setConfirmReset(true)} data-testid={`reset-${person.id}`}>
          {t('people.actions.reset')}
        </button>
      )}
      {confirmReset && (
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={busy}
          onClick={() => void run(async () => {
            setPassword(await peopleApi.resetPassword(person.id));
            setConfirmReset(false);
          })}
          data-testid={`reset-confirm-${person.id}`}
        >
          {t('people.actions.resetConfirm')}
        </button>
      )}
      <button
        type="button"
        className="btn btn-small"
        disabled={busy}
        onClick={() => void run(() => (disabled ? peopleApi.enable(person.id) : peopleApi.disable(person.id)))}
        data-testid={`${disabled ? 'enable' : 'disable'}-${person.id}`}
      >
        {disabled ? t('people.actions.enable') : t('people.actions.disable')}
      </button>
      {password !== null && (
        <div className="people-once small" data-testid={`reset-password-${person.id}`}>
          {t('people.actions.newPassword')} <code data-testid="new-password">{password}</code>
        </div>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}
