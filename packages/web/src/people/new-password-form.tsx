import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { useSession } from '../session-context';
import './people.css';

/** The test ids a page gives the form's parts (journeys address them by page). */
export interface NewPasswordTestIds {
  form: string;
  password: string;
  repeat: string;
  submit: string;
}

/**
 * A form that ends with a new password typed twice: the change-password page and the invitation page. It refuses
 * two different entries before asking the server, sends `save(password)`, then refreshes the session and opens the
 * start page; the server's refusal (a weak password, a wrong current one) shows in the form. `children` are the
 * page's own fields before the password (the current password, the invitee's name).
 */
export function NewPasswordForm(props: { title: string; intro?: ReactNode; submitLabel: string; testIds: NewPasswordTestIds; save: (password: string) => Promise<unknown>; children?: ReactNode }) {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) {
      setError(t('people.password.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await props.save(password);
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
      <form className="card login-card password-card" onSubmit={(e) => void submit(e)} data-testid={props.testIds.form}>
        <h1>{props.title}</h1>
        {props.intro}
        {props.children}
        <label className="field">
          <span>{t('people.password.new')}</span>
          <input type="password" autoComplete="new-password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} data-testid={props.testIds.password} />
        </label>
        <label className="field">
          <span>{t('people.password.repeat')}</span>
          <input type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid={props.testIds.repeat} />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid={props.testIds.submit}>{props.submitLabel}</button>
      </form>
    </div>
  );
}
