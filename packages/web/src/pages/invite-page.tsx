import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { peopleApi, type InviteView } from '../people/people-api';
import { useSession } from '../session-context';
import '../people/people.css';

/** /invite/<token>: the invitee sees whose invitation it is, chooses a name and a password, and is logged in. */
export default function InvitePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const { refresh } = useSession();
  const navigate = useNavigate();
  const [invite, setInvite] = useState<InviteView | null>(null);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    peopleApi.lookupInvite(token).then((i) => {
      setInvite(i);
      setName(i.name);
    }, setLoadError);
  }, [token]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password !== repeat) {
      setError(t('people.password.mismatch'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await peopleApi.acceptInvite(token, name, password);
      await refresh();
      await navigate('/', { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (loadError) return <div className="login-page"><div className="card login-card"><h1>{t('people.invite.title')}</h1><ErrorMessage error={loadError} /></div></div>;
  if (!invite) return <Loading />;
  return (
    <div className="login-page">
      <form className="card login-card password-card" onSubmit={(e) => void submit(e)} data-testid="invite-form">
        <h1>{t('people.invite.title')}</h1>
        <p className="muted">{t('people.invite.intro', { organization: invite.organization, email: invite.email })}</p>
        <label className="field">
          <span>{t('people.invite.name')}</span>
          <input required maxLength={200} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} data-testid="invite-name" />
        </label>
        <label className="field">
          <span>{t('people.password.new')}</span>
          <input type="password" autoComplete="new-password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} data-testid="invite-password" />
        </label>
        <label className="field">
          <span>{t('people.password.repeat')}</span>
          <input type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} data-testid="invite-repeat" />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="invite-submit">{t('people.invite.submit')}</button>
      </form>
    </div>
  );
}
