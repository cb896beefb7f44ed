import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Team } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { PolicyField } from './policy-field';

/** Who may work: members of the checked teams (none checked: everyone), holding the qualification if one is set. */
export function EligibilityFields({ teams, checked, onTeams, qualification, onQualification, onTeamCreated, qualificationInvalid }: {
  teams: Team[] | null;
  checked: number[];
  onTeams: (ids: number[]) => void;
  qualification: string;
  onQualification: (value: string) => void;
  onTeamCreated: (team: Team) => void;
  qualificationInvalid?: boolean;
}) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const toggle = (id: number, on: boolean) => onTeams(on ? [...checked, id] : checked.filter((x) => x !== id));
  const create = async () => {
    setBusy(true);
    setError(null);
    try {
      const team = await api.createTeam(name.trim());
      onTeamCreated(team);
      onTeams([...checked, team.id]);
      setName('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <fieldset className="field field-wide policy-group" data-testid="policy-teams">
        <span>{t('policy.teams')}</span>
        <div className="row">
          {teams === null && <span className="muted small">{t('common.loading')}</span>}
          {teams?.length === 0 && <span className="muted small">{t('policy.noTeams')}</span>}
          {teams?.map((team) => (
            <label key={team.id} className="toggle">
              <input type="checkbox" checked={checked.includes(team.id)} onChange={(e) => toggle(team.id, e.target.checked)}
                data-testid={`policy-team-${team.id}`} />
              {team.name} <span className="muted small">({t('policy.members', { count: team.members.length })})</span>
            </label>
          ))}
          {checked.filter((id) => teams && !teams.some((x) => x.id === id)).map((id) => (
            <label key={id} className="toggle">
              <input type="checkbox" checked onChange={() => toggle(id, false)} />
              {t('policy.teamNumber', { id })}
            </label>
          ))}
        </div>
        <span className="muted small">{t('policy.teamsHint')}</span>
        <div className="row">
          <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder={t('policy.newTeam')}
            aria-label={t('policy.newTeam')} data-testid="policy-new-team" />
          <button type="button" className="btn" disabled={busy || name.trim() === ''} onClick={() => void create()}
            data-testid="policy-add-team">
            {t('policy.addTeam')}
          </button>
        </div>
        <ErrorMessage error={error} />
      </fieldset>
      <PolicyField wide label={t('policy.qualification')} hint={t('policy.qualificationHint')} testId="policy-qualification"
        value={qualification} onChange={onQualification} placeholder={t('policy.none')} numeric={false}
        invalid={qualificationInvalid} />
    </>
  );
}
