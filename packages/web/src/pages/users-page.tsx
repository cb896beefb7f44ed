import { PERSON_STATUSES, PERSON_WORKER_KINDS, type AccountRole, type CreatedPerson, type PeoplePage } from '@biaozhu/contract';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Team } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { CredentialsPanel } from '../people/credentials-panel';
import { peopleApi, type PeopleFilters } from '../people/people-api';
import { PeopleTable } from '../people/people-table';
import { PersonForm } from '../people/person-form';
import { RosterImport } from '../people/roster-import';
import { isManager, useSession } from '../session-context';
import '../people/people.css';

const ALL_ROLES: AccountRole[] = ['admin', 'manager', 'reviewer', 'annotator', 'client'];
const PAGE_SIZE = 50;
const NO_FILTERS: PeopleFilters = { search: '', role: '', workerKind: '', status: '', teamId: '' };

/**
 * The users page of admins and managers: the organisation's people in pages of 50 with search and filters, one
 * account at a time or a whole roster from CSV, and per person role, password reset and deactivation.
 */
export default function UsersPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [filters, setFilters] = useState<PeopleFilters>(NO_FILTERS);
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<PeoplePage | null>(null);
  const [teams, setTeams] = useState<Team[]>([]);
  const [panel, setPanel] = useState<'none' | 'create' | 'roster'>('none');
  const [created, setCreated] = useState<CreatedPerson[] | null>(null);
  const [reload, setReload] = useState(0);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.teams().then(setTeams, () => setTeams([]));
  }, [reload]);

  useEffect(() => {
    // A short pause while typing in the search box, so each key does not cost a request.
    const timer = setTimeout(() => {
      peopleApi.list(filters, offset, PAGE_SIZE).then((p) => {
        setPage(p);
        setError(null);
      }, setError);
    }, filters.search ? 250 : 0);
    return () => clearTimeout(timer);
  }, [filters, offset, reload]);

  if (!isManager(user)) return <p className="muted" data-testid="people-forbidden">{t('people.managersOnly')}</p>;
  const actorIsAdmin = user?.role === 'admin';
  const roles = actorIsAdmin ? ALL_ROLES : ALL_ROLES.filter((r) => r !== 'admin');
  const setFilter = (key: keyof PeopleFilters, value: string) => {
    setFilters((f) => ({ ...f, [key]: value }));
    setOffset(0);
  };
  const onCreated = (people: CreatedPerson[]) => {
    setCreated(people);
    setPanel('none');
    setReload((n) => n + 1);
  };
  const total = page?.total ?? 0;

  return (
    <div className="page people-page">
      <div className="page-head">
        <h1 className="page-title">{t('people.title')}</h1>
        <div className="row">
          <button type="button" className="btn" onClick={() => setPanel(panel === 'create' ? 'none' : 'create')} data-testid="open-create">{t('people.create.open')}</button>
          <button type="button" className="btn btn-primary" onClick={() => setPanel(panel === 'roster' ? 'none' : 'roster')} data-testid="open-roster">{t('people.roster.open')}</button>
        </div>
      </div>
      {created && <CredentialsPanel created={created} onClose={() => setCreated(null)} />}
      {panel === 'create' && <PersonForm roles={roles} teams={teams} onCreated={(p) => onCreated([p])} />}
      {panel === 'roster' && <RosterImport onCreated={onCreated} />}

      <div className="people-filters" data-testid="people-filters">
        <label className="field">
          <span>{t('people.filter.search')}</span>
          <input type="search" value={filters.search} placeholder={t('people.filter.searchHint')} onChange={(e) => setFilter('search', e.target.value)} data-testid="people-search" />
        </label>
        <label className="field">
          <span>{t('people.column.role')}</span>
          <select value={filters.role} onChange={(e) => setFilter('role', e.target.value)} data-testid="filter-role">
            <option value="">{t('people.filter.all')}</option>
            {ALL_ROLES.map((r) => <option key={r} value={r}>{t(`roles.${r}`)}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('people.column.workerKind')}</span>
          <select value={filters.workerKind} onChange={(e) => setFilter('workerKind', e.target.value)} data-testid="filter-kind">
            <option value="">{t('people.filter.all')}</option>
            {PERSON_WORKER_KINDS.map((k) => <option key={k} value={k}>{t(`people.workerKind.${k}`)}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('people.column.status')}</span>
          <select value={filters.status} onChange={(e) => setFilter('status', e.target.value)} data-testid="filter-status">
            <option value="">{t('people.filter.all')}</option>
            {PERSON_STATUSES.map((s) => <option key={s} value={s}>{t(`people.status.${s}`)}</option>)}
          </select>
        </label>
        <label className="field">
          <span>{t('people.column.teams')}</span>
          <select value={filters.teamId} onChange={(e) => setFilter('teamId', e.target.value)} data-testid="filter-team">
            <option value="">{t('people.filter.all')}</option>
            {teams.map((tm) => <option key={tm.id} value={String(tm.id)}>{tm.name}</option>)}
          </select>
        </label>
      </div>

      <ErrorMessage error={error} />
      {!page && !error && <Loading />}
      {page && (
        <>
          <PeopleTable people={page.people} roles={roles} actorIsAdmin={actorIsAdmin} actorId={Number(user?.id)} onChanged={() => setReload((n) => n + 1)} />
          {page.people.length === 0 && <p className="muted" data-testid="people-empty">{t('people.empty')}</p>}
          <div className="people-pager">
            <span className="muted" data-testid="people-count">
              {t('people.pager.range', { from: total === 0 ? 0 : offset + 1, to: Math.min(offset + PAGE_SIZE, total), total })}
            </span>
            <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))} data-testid="page-prev">{t('people.pager.prev')}</button>
            <button type="button" className="btn btn-small" disabled={offset + PAGE_SIZE >= total} onClick={() => setOffset(offset + PAGE_SIZE)} data-testid="page-next">{t('people.pager.next')}</button>
          </div>
        </>
      )}
    </div>
  );
}
