import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { api } from '../api';
import type { AssignmentPolicyState, ImportSummary, Project, StatsCounts } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { AssignmentPolicyEditor } from '../manager/assignment-policy-editor';
import { ExportLinks } from '../manager/export-links';
import { GuidelineEditor } from '../manager/guideline-editor';
import { ImportForm } from '../manager/import-form';
import { ImportHistory } from '../manager/import-history';
import { PolicySummary } from '../manager/policy-summary';
import { ProjectMembers } from '../manager/project-members';
import { StatsPanel } from '../manager/stats-panel';
import { TeamsPanel } from '../manager/teams-panel';

/** The manager's view of one project: progress, assignment policy, guideline, imports and exports. */
export default function ManagerProjectPage() {
  const { t } = useTranslation();
  const projectId = useParams().projectId ?? '';
  const [project, setProject] = useState<Project | null>(null);
  const [counts, setCounts] = useState<StatsCounts | null>(null);
  const [imports, setImports] = useState<ImportSummary[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [policy, setPolicy] = useState<AssignmentPolicyState | null>(null);
  const [policyError, setPolicyError] = useState<unknown>(null);
  // Bumped when members or teams change, so the policy editor counts team members afresh.
  const [peopleVersion, setPeopleVersion] = useState(0);
  const peopleChanged = useCallback(() => setPeopleVersion((v) => v + 1), []);

  const refresh = useCallback(() => {
    api.stats(projectId).then(setCounts, setError);
    api.imports(projectId).then(setImports, setError);
  }, [projectId]);

  useEffect(() => {
    api.project(projectId).then(setProject, setError);
    api.assignmentPolicy(projectId).then(setPolicy, setPolicyError);
    refresh();
  }, [projectId, refresh]);

  if (!project) return error ? <ErrorMessage error={error} /> : <Loading />;

  return (
    <div className="page manager-page" data-testid="manager-page">
      <div className="page-head">
        <div>
          <h1 className="page-title">{project.name}</h1>
          {project.description && <p className="muted">{project.description}</p>}
          {policy ? <PolicySummary counts={counts} state={policy} /> : (
            <p className="muted small">
              {t('manager.settings', { overlap: project.overlap, lease: Math.round(project.leaseTtlSeconds / 60) })}
            </p>
          )}
        </div>
        <div className="row">
          <button type="button" className="btn" onClick={refresh} data-testid="refresh">{t('common.refresh')}</button>
          <Link className="btn" to={`/projects/${project.id}/people-stats`} data-testid="nav-people-stats">{t('peopleStats.link')}</Link>
          <Link className="btn" to={`/projects/${project.id}/tasks`} data-testid="nav-task-browser">{t('taskBrowser.link')}</Link>
          <Link className="btn btn-primary" to={`/projects/${project.id}/work`}>{t('projects.start')}</Link>
        </div>
      </div>
      <ErrorMessage error={error} />
      <div className="manager-columns">
        <div className="manager-column">
          {counts ? <StatsPanel counts={counts} /> : <Loading />}
          <GuidelineEditor
            projectId={project.id}
            guideline={project.guideline}
            onPublished={(g) => setProject({ ...project, guideline: g })}
          />
          {policy ? (
            <AssignmentPolicyEditor projectId={project.id} state={policy} teamsVersion={peopleVersion} onSaved={(p) => {
              setPolicy(p);
              setProject({ ...project, overlap: p.overlap, leaseTtlSeconds: p.leaseTtlSeconds });
              refresh();
            }} />
          ) : policyError ? <ErrorMessage error={policyError} /> : <Loading />}
        </div>
        <div className="manager-column">
          <ProjectMembers projectId={project.id} onChanged={peopleChanged} />
          <TeamsPanel onChanged={peopleChanged} />
          <ExportLinks projectId={project.id} />
          <ImportForm projectId={project.id} onImported={refresh} />
          <ImportHistory imports={imports} />
        </div>
      </div>
    </div>
  );
}
