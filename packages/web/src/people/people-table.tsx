import type { AccountRole, PersonView } from '@biaozhu/contract';
import { useTranslation } from 'react-i18next';
import { PersonActions } from './person-actions';

/** One page of people; the teams column is read-only here (the teams page edits membership). */
export function PeopleTable({ people, roles, actorIsAdmin, actorId, onChanged }: {
  people: PersonView[];
  roles: AccountRole[];
  actorIsAdmin: boolean;
  actorId: number;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString(i18n.language) : t('people.never'));
  return (
    <table className="table people-table" data-testid="people-table">
      <thead>
        <tr>
          <th>{t('people.column.name')}</th>
          <th>{t('people.column.contact')}</th>
          <th>{t('people.column.role')}</th>
          <th>{t('people.column.workerKind')}</th>
          <th>{t('people.column.teams')}</th>
          <th>{t('people.column.status')}</th>
          <th>{t('people.column.lastLogin')}</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {people.map((p) => (
          <tr key={p.id} data-testid="person-row" data-email={p.email ?? undefined} data-phone={p.phone ?? undefined} data-status={p.status}>
            <td className="strong">{p.name}</td>
            <td>
              {p.email && <div>{p.email}</div>}
              {p.phone && <div className={p.email ? 'muted small' : undefined} data-testid="person-phone-cell">{p.phone}</div>}
            </td>
            <td>{t(`roles.${p.role}`)}</td>
            <td>{p.workerKind ? t(`people.workerKind.${p.workerKind}`) : ''}</td>
            <td>{p.teams.join(', ')}</td>
            <td><span className={`people-status people-status-${p.status}`} data-testid="person-status">{t(`people.status.${p.status}`)}</span></td>
            <td className="small">{when(p.lastLoginAt)}</td>
            <td className="actions">
              {p.id !== actorId && <PersonActions person={p} roles={roles} mayTouch={actorIsAdmin || p.role !== 'admin'} onChanged={onChanged} />}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
