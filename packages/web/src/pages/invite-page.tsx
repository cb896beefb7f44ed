import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { NewPasswordForm } from '../people/new-password-form';
import { peopleApi, type InviteView } from '../people/people-api';
import '../people/people.css';

const TEST_IDS = { form: 'invite-form', password: 'invite-password', repeat: 'invite-repeat', submit: 'invite-submit' };

/** /invite/<token>: the invitee sees whose invitation it is, chooses a name and a password, and is logged in. */
export default function InvitePage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const [invite, setInvite] = useState<InviteView | null>(null);
  const [name, setName] = useState('');
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    peopleApi.lookupInvite(token).then((i) => {
      setInvite(i);
      setName(i.name);
    }, setLoadError);
  }, [token]);

  if (loadError) return <div className="login-page"><div className="card login-card"><h1>{t('people.invite.title')}</h1><ErrorMessage error={loadError} /></div></div>;
  if (!invite) return <Loading />;
  return (
    <NewPasswordForm
      title={t('people.invite.title')}
      intro={
        <p className="muted">
          {invite.email === null
            ? t('people.invite.introPhone', { organization: invite.organization, phone: invite.phone })
            : t('people.invite.intro', { organization: invite.organization, email: invite.email })}
        </p>
      }
      submitLabel={t('people.invite.submit')}
      testIds={TEST_IDS}
      save={(password) => peopleApi.acceptInvite(token, name, password)}
    >
      <label className="field">
        <span>{t('people.invite.name')}</span>
        <input required maxLength={200} autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} data-testid="invite-name" />
      </label>
    </NewPasswordForm>
  );
}
