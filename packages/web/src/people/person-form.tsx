import { PERSON_WORKER_KINDS, type AccountRole, type CreatedPerson, type PersonDelivery, type PersonWorkerKind } from '@biaozhu/contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Team } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { peopleApi } from './people-api';

/**
 * Creates one account: the same checks as a roster row, with an initial password or an invitation link. An email, a
 * phone number or both: the server names the field when neither is given or a number is not one.
 */
export function PersonForm({ roles, teams, onCreated }: { roles: AccountRole[]; teams: Team[]; onCreated: (p: CreatedPerson) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<AccountRole>('annotator');
  const [team, setTeam] = useState('');
  const [workerKind, setWorkerKind] = useState<PersonWorkerKind | ''>('');
  const [delivery, setDelivery] = useState<PersonDelivery>('password');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const person = await peopleApi.create({
        name, role, delivery,
        ...(email.trim() ? { email } : {}),
        ...(phone.trim() ? { phone } : {}),
        ...(team ? { team } : {}),
        ...(workerKind ? { workerKind } : {}),
      });
      setName('');
      setEmail('');
      setPhone('');
      onCreated(person);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="card people-form" onSubmit={(e) => void submit(e)} data-testid="person-form">
      <h2>{t('people.create.title')}</h2>
      <div className="form-grid">
        <label className="field">
          <span>{t('people.column.name')}</span>
          <input required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} data-testid="person-name" />
        </label>
        <label className="field">
          <span>{t('people.column.email')}</span>
          <input type="email" maxLength={320} value={email} onChange={(e) => setEmail(e.target.value)} aria-describedby="person-contact-hint" data-testid="person-email" />
        </label>
        <label className="field">
          <span>{t('people.column.phone')}</span>
          <input type="tel" maxLength={30} value={phone} onChange={(e) => setPhone(e.target.value)} aria-describedby="person-contact-hint" data-testid="person-phone" />
        </label>
        <p className="muted small field-wide" id="person-contact-hint">{t('people.create.contactHint')}</p>
        <label className="field">
          <span>{t('people.column.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as AccountRole)} data-testid="person-role">
            {roles.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('people.column.team')} <span className="muted small">{t('people.optional')}</span></span>
          <select value={team} onChange={(e) => setTeam(e.target.value)} data-testid="person-team">
            <option value="">{t('people.none')}</option>
            {teams.map((tm) => <option key={tm.id} value={tm.name}>{tm.name}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('people.column.workerKind')} <span className="muted small">{t('people.optional')}</span></span>
          <select value={workerKind} onChange={(e) => setWorkerKind(e.target.value as PersonWorkerKind | '')} data-testid="person-kind">
            <option value="">{t('people.none')}</option>
            {PERSON_WORKER_KINDS.map((k) => <option key={k} value={k}>{t(`people.workerKind.${k}`)}</option>)}
          </select>
        </label>
        <DeliveryChoice value={delivery} onChange={setDelivery} name="person-delivery" />
        {delivery === 'invite' && <p className="muted small field-wide" role="note">{t('people.create.inviteNoSms')}</p>}
      </div>
      <ErrorMessage error={error} />
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="person-create">{t('people.create.submit')}</button>
      </div>
    </form>
  );
}

/** Initial password (changed at first login) or invitation link (the invitee sets name and password). */
export function DeliveryChoice({ value, onChange, name }: { value: PersonDelivery; onChange: (d: PersonDelivery) => void; name: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="field field-wide">
      <span>{t('people.delivery.label')}</span>
      {(['password', 'invite'] as const).map((d) => (
        <label key={d} className="toggle">
          <input type="radio" name={name} checked={value === d} onChange={() => onChange(d)} data-testid={`${name}-${d}`} />
          {t(`people.delivery.${d}`)}
        </label>
      ))}
    </fieldset>
  );
}
