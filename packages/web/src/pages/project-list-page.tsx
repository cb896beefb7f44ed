import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import type { ProjectSummary } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { ProgressBar } from '../components/progress-bar';
import { canAnnotate, isManager, useSession } from '../session-context';
import '../manager/console.css';

export function ProjectListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [projects, setProjects] = useState<ProjectSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.projects().then(setProjects, setError);
  }, []);

  if (error) return <ErrorMessage error={error} />;
  if (!projects) return <Loading />;
  const manager = isManager(user);

  return (
    <div className="page">
      <div className="page-head">
        <h1 className="page-title">{t('projects.title')}</h1>
        {manager && <Link className="btn btn-primary" to="/projects/new" data-testid="new-project">{t('console.list.newProject')}</Link>}
      </div>
      {projects.length === 0 && <p className="muted" data-testid="no-projects">{t('projects.empty')}</p>}
      <table className="table" data-testid="project-list">
        <thead>
          <tr>
            <th>{t('projects.name')}</th>
            <th className="num">{t('projects.overlap')}</th>
            <th className="wide">{t('projects.progress')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.id} data-testid={`project-row-${p.id}`}>
              <td>
                <div className="strong">{p.name}</div>
                {p.description && <div className="muted small">{p.description}</div>}
                {p.archivedAt && <span className="console-badge" data-testid={`archived-${p.id}`}>{t('console.archived')}</span>}
              </td>
              <td className="num">{p.overlap}</td>
              <td>
                <ProgressBar value={p.completedCount} max={p.taskCount} />
                <div className="muted small">
                  {t('projects.completedOf', { completed: p.completedCount, total: p.taskCount })}
                </div>
              </td>
              <td className="actions">
                {canAnnotate(user) && (
                  <Link className="btn btn-primary" to={`/projects/${p.id}/work`} data-testid={`start-${p.id}`}>
                    {t('projects.start')}
                  </Link>
                )}
                {manager && (
                  <Link className="btn" to={`/projects/${p.id}`} data-testid={`manage-${p.id}`}>
                    {t('projects.manage')}
                  </Link>
                )}
                {manager && (
                  <Link className="btn" to={`/projects/${p.id}/settings`} data-testid={`settings-${p.id}`}>
                    {t('console.list.settings')}
                  </Link>
                )}
                {manager && (
                  <Link className="btn" to={`/projects/${p.id}/intake`} data-testid={`intake-${p.id}`}>
                    {t('projects.intake')}
                  </Link>
                )}
                {(manager || user?.role === 'reviewer') && (
                  <Link className="btn" to={`/projects/${p.id}/review`} data-testid={`review-${p.id}`}>
                    {t('projects.review')}
                  </Link>
                )}
                {user?.role !== 'annotator' && (
                  <Link className="btn" to={`/projects/${p.id}/quality`} data-testid={`quality-${p.id}`}>
                    {t('projects.quality')}
                  </Link>
                )}
                {user?.role === 'annotator' && (
                  <Link className="btn" to={`/projects/${p.id}/returned`} data-testid={`returned-${p.id}`}>
                    {t('projects.returned')}
                  </Link>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
