import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Team } from '../api-types';
import { membershipApi, type ProjectAccess, type WorkforcePerson } from './membership-api';
import { PeoplePicker } from './project-members-picker';

/** Roles that are listed in a project; managers and admins see every project anyway. */
const LISTED_ROLES = new Set(['annotator', 'reviewer', 'client']);

export interface NewProjectAccess {
  access: ProjectAccess;
  /** The people listed as the project's first members (with their own role). */
  members: number[];
}

/**
 * The wizard's access step: organisation-wide or members only, and the first members, picked one by one or a whole
 * team at once. The project is then created with them in one request (POST /api/projects with access and members,
 * one transaction), so a members-only project is never open to everyone, not even between two requests.
 */
export function NewProjectAccessStep({ value, onChange, onError }: { value: NewProjectAccess; onChange: (v: NewProjectAccess) => void; onError: (e: unknown) => void }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<WorkforcePerson[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  useEffect(() => {
    membershipApi.workforce().then((all) => setPeople(all.filter((p) => !p.disabled && LISTED_ROLES.has(p.role))), onError);
    api.teams().then(setTeams, onError);
  }, [onError]);
  const addTeam = (teamId: string) => {
    const team = teams.find((x) => String(x.id) === teamId);
    if (!team) return;
    const listable = new Set(people.map((p) => p.id));
    onChange({ ...value, members: [...new Set([...value.members, ...team.members.filter((id) => listable.has(id))])] });
  };
  return (
    <section className="card" data-testid="new-project-access">
      <h2>{t('members.access')}</h2>
      {(['organisation', 'members'] as const).map((a) => (
        <label key={a} className="toggle">
          <input type="radio" name="new-project-access" checked={value.access === a} onChange={() => onChange({ ...value, access: a })} data-testid={`new-access-${a}`} />
          {t(`members.accessOptions.${a}`)}
        </label>
      ))}
      <p className="muted small">{t(`members.accessHints.${value.access}`)}</p>
      <h3>{t('members.addTitle')}</h3>
      {teams.length > 0 && (
        <label className="field">
          <span>{t('console.newProject.addTeam')}</span>
          <select value="" onChange={(e) => addTeam(e.target.value)} data-testid="new-access-team">
            <option value="">{t('console.newProject.chooseTeam')}</option>
            {teams.map((team) => (
              <option key={team.id} value={String(team.id)}>{t('teams.option', { name: team.name, count: team.members.length })}</option>
            ))}
          </select>
        </label>
      )}
      <PeoplePicker people={people} selected={value.members} onSelected={(members) => onChange({ ...value, members })} testId="new-member" />
      <p className="muted small" data-testid="new-members-count">{t('console.newProject.membersChosen', { count: value.members.length })}</p>
    </section>
  );
}
