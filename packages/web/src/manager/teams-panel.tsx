import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Team } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { membershipApi, type WorkforcePerson } from './membership-api';
import { PeoplePicker } from './project-members-picker';

/**
 * The "Teams" section: the organisation's teams, creating one, and its members, added and removed one or many at a
 * time. Assignment policies name teams (eligibility-fields.tsx); `onChanged` tells the page a team changed.
 */
export function TeamsPanel({ onChanged }: { onChanged?: () => void }) {
  const { t } = useTranslation();
  const [teams, setTeams] = useState<Team[] | null>(null);
  const [people, setPeople] = useState<WorkforcePerson[]>([]);
  const [teamId, setTeamId] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [adding, setAdding] = useState<number[]>([]);
  const [removing, setRemoving] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.teams().then((ts) => {
      setTeams(ts);
      setTeamId((id) => id ?? ts[0]?.id ?? null);
    }, setError);
    membershipApi.workforce().then(setPeople, setError);
  }, []);

  const run = async (change: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await change();
      onChanged?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const setMembers = (id: number, members: number[]) => {
    setTeams((ts) => (ts ?? []).map((x) => (x.id === id ? { ...x, members } : x)));
    setAdding([]);
    setRemoving([]);
  };
  const create = () => run(async () => {
    const team = await api.createTeam(name.trim());
    setTeams((ts) => [...(ts ?? []), team]);
    setTeamId(team.id);
    setName('');
  });

  const team = teams?.find((x) => x.id === teamId) ?? null;
  const byId = new Map(people.map((p) => [p.id, p]));
  const members = team ? team.members.map((id) => byId.get(id)).filter((p): p is WorkforcePerson => p !== undefined) : [];
  const candidates = team ? people.filter((p) => !team.members.includes(p.id) && p.role !== 'client') : [];

  return (
    <section className="card" data-testid="teams-panel">
      <h2>{t('teams.title')}</h2>
      <p className="muted small">{t('teams.intro')}</p>
      <div className="row">
        <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('teams.newTeam')}
          aria-label={t('teams.newTeam')} data-testid="teams-new-name" />
        <button type="button" className="btn" disabled={busy || name.trim() === ''} onClick={() => void create()} data-testid="teams-create">
          {t('teams.create')}
        </button>
      </div>
      {teams?.length === 0 && <p className="muted small">{t('teams.none')}</p>}
      {teams && teams.length > 0 && (
        <label className="field">
          <span>{t('teams.team')}</span>
          <select value={teamId ?? ''} onChange={(e) => { setTeamId(Number(e.target.value)); setAdding([]); setRemoving([]); }} data-testid="teams-select">
            {teams.map((x) => <option key={x.id} value={x.id}>{t('teams.option', { name: x.name, count: x.members.length })}</option>)}
          </select>
        </label>
      )}
      {team && (
        <>
          <h3>{t('teams.membersTitle', { name: team.name, count: team.members.length })}</h3>
          {members.length === 0 ? <p className="muted small" data-testid="team-members-empty">{t('teams.noMembers')}</p> : (
            <ul className="people-picker-list" data-testid="team-members">
              {members.map((p) => (
                <li key={p.id} data-testid={`team-member-${p.id}`} data-email={p.email ?? undefined}>
                  <label className="toggle">
                    <input type="checkbox" checked={removing.includes(p.id)}
                      onChange={(e) => setRemoving(e.target.checked ? [...removing, p.id] : removing.filter((x) => x !== p.id))}
                      data-testid={`team-member-remove-${p.id}`} />
                    {p.name} <span className="muted small">{p.email ?? p.phone} · {t(`roles.${p.role}`)}</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
          {removing.length > 0 && (
            <button type="button" className="btn" disabled={busy} data-testid="team-members-remove"
              onClick={() => void run(async () => setMembers(team.id, await membershipApi.removeTeamMembers(team.id, removing)))}>
              {t('teams.remove', { count: removing.length })}
            </button>
          )}
          <h3>{t('teams.addTitle')}</h3>
          <PeoplePicker people={candidates} selected={adding} onSelected={setAdding} testId="team-add" />
          <button type="button" className="btn btn-primary" disabled={busy || adding.length === 0} data-testid="team-add-submit"
            onClick={() => void run(async () => setMembers(team.id, await membershipApi.addTeamMembers(team.id, adding)))}>
            {t('teams.add', { count: adding.length })}
          </button>
        </>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
