import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { membershipApi, type ProjectAccess, type ProjectMembers as Members, type ProjectRole, type WorkforcePerson } from './membership-api';
import { PeoplePicker } from './project-members-picker';

/** Organisation roles that can be listed in a project (managers and admins see every project anyway). */
const LISTABLE = new Set(['annotator', 'reviewer', 'client']);

/**
 * The "Members" section: whether the whole organisation sees the project or only its members, the members with their
 * role in the project, adding people (many at once) and taking them out. docs/security.md "Project membership".
 */
export function ProjectMembers({ projectId, onChanged }: { projectId: string | number; onChanged?: () => void }) {
  const { t } = useTranslation();
  const [state, setState] = useState<Members | null>(null);
  const [people, setPeople] = useState<WorkforcePerson[]>([]);
  const [adding, setAdding] = useState<number[]>([]);
  const [removing, setRemoving] = useState<number[]>([]);
  const [role, setRole] = useState<'' | ProjectRole>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    membershipApi.members(projectId).then(setState, setError);
    membershipApi.workforce().then(setPeople, setError);
  }, [projectId]);

  const run = useCallback(async (change: () => Promise<Members>) => {
    setBusy(true);
    setError(null);
    try {
      setState(await change());
      setAdding([]);
      setRemoving([]);
      onChanged?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }, [onChanged]);

  if (!state) return <section className="card" data-testid="project-members"><h2>{t('members.title')}</h2><ErrorMessage error={error} /></section>;
  const memberIds = new Set(state.members.map((m) => m.userId));
  const candidates = people.filter((p) => LISTABLE.has(p.role) && !memberIds.has(p.id));
  const setAccess = (access: ProjectAccess) => void run(() => membershipApi.setAccess(projectId, access));

  return (
    <section className="card" data-testid="project-members">
      <h2>{t('members.title')}</h2>
      <fieldset className="field policy-group" data-testid="project-access">
        <span>{t('members.access')}</span>
        {(['members', 'organisation'] as const).map((a) => (
          <label key={a} className="toggle">
            <input type="radio" name={`access-${projectId}`} checked={state.access === a} disabled={busy} onChange={() => setAccess(a)}
              data-testid={`project-access-${a}`} />
            {t(`members.accessOptions.${a}`)}
          </label>
        ))}
        <span className="muted small">{t(`members.accessHints.${state.access}`)}</span>
      </fieldset>

      <h3>{t('members.listTitle', { count: state.members.length })}</h3>
      {state.members.length === 0 ? <p className="muted small" data-testid="members-empty">{t('members.none')}</p> : (
        <table className="table table-compact" data-testid="members-table">
          <thead><tr><th /><th>{t('members.name')}</th><th>{t('members.roleInProject')}</th></tr></thead>
          <tbody>
            {state.members.map((m) => (
              <tr key={m.userId} data-testid={`member-${m.userId}`} data-email={m.email}>
                <td>
                  <input type="checkbox" checked={removing.includes(m.userId)} aria-label={t('members.selectForRemoval', { name: m.name })}
                    onChange={(e) => setRemoving(e.target.checked ? [...removing, m.userId] : removing.filter((x) => x !== m.userId))}
                    data-testid={`member-remove-${m.userId}`} />
                </td>
                <td>{m.name} <span className="muted small">{m.email ?? m.phone}{m.disabled ? ` · ${t('members.disabled')}` : ''}</span></td>
                <td>{t(`roles.${m.projectRole}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {removing.length > 0 && (
        <button type="button" className="btn" disabled={busy} onClick={() => void run(() => membershipApi.removeMembers(projectId, removing))}
          data-testid="members-remove">
          {t('members.remove', { count: removing.length })}
        </button>
      )}

      <h3>{t('members.addTitle')}</h3>
      <PeoplePicker people={candidates} selected={adding} onSelected={setAdding} testId="members-add" />
      <div className="row">
        <label className="field">
          <span>{t('members.roleInProject')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value as '' | ProjectRole)} data-testid="members-role">
            <option value="">{t('members.ownRole')}</option>
            <option value="annotator">{t('roles.annotator')}</option>
          </select>
        </label>
        <button type="button" className="btn btn-primary" disabled={busy || adding.length === 0}
          onClick={() => void run(() => membershipApi.addMembers(projectId, adding, role || undefined))} data-testid="members-add-submit">
          {t('members.add', { count: adding.length })}
        </button>
      </div>
      <ErrorMessage error={error} />
    </section>
  );
}
