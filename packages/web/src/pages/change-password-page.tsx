import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { peopleApi } from '../people/people-api';
import { useSession } from '../session-context';
import '../people/people.css';

/**
 * Changing one's own password. After a reset or with an initial password this is the only page open (RequireAuth
 * sends every other route here, and the server refuses other requests) until the new password is saved.
 */
export default function ChangePasswordPage() {
  const { t } = useTranslation();
  const { user, refresh } = useSession();
  const navigate = useNavigate();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const forced = user?.mustChangePassword === true;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (next !== repeat) {
      setError(t('people.password.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await peopleApi.changeOwnPassword(current, next);
      await refresh();
      await navigate('/', { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <form className="card login-card password-card" onSubmit={(e) => void submit(e)} data-testid="change-password-form">
        <h1>{t('people.password.title')}</h1>
        {forced && <p className="people-once" data-testid="forced-change">{t('people.password.forced')}</p>}
        <label className="field">
          <span>{forced ? t('people.password.currentGiven') : t('people.password.current')}</span>
          <input type="password" autoComplete="current-password" required autoFocus value={current} onChange={(e) => setCurrent(e.target.value)} data-testid="current-password" />
        </label>
        <label className="field">
          <span>{t('people.password.new')}</span>
          <input type="password" autoComplete="new-password" required minLength={8} value={next} onChange={(e) => setNext(e.target.value)} data-testid="new-password-input" />
        </label>
        <label className="field">
          <span>{t('people.password.repeat')}</span>
          <input type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="repeat-password" />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="change-password-submit">{t('people.password.submit')}</button>
      </form>
    </div>
  );
}
