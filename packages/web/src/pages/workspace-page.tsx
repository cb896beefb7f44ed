import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api, type ApiError } from '../api';
import type { Project } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { GuidelinePanel } from '../workspace/guideline-panel';
import { NoMoreTasks } from '../workspace/no-more-tasks';
import { ProgressSummary } from '../workspace/progress-summary';
import { SaveIndicator } from '../workspace/save-indicator';
import { TaskForm } from '../workspace/task-form';
import { useAnnotationLoop } from '../workspace/use-annotation-loop';
import { useHeartbeat } from '../workspace/use-heartbeat';
import { usePrepareAhead } from '../workspace/prepare-ahead';

/** The annotator workspace: the task and its controls on the left, the guideline on the right. */
export function WorkspacePage() {
  const { t } = useTranslation();
  const projectId = useParams().projectId ?? '';
  const [project, setProject] = useState<Project | null>(null);
  const [projectError, setProjectError] = useState<unknown>(null);
  const loop = useAnnotationLoop(projectId);
  const { state, setNotice, loadNext, dropAhead } = loop;
  const retry = useCallback(() => void loadNext(), [loadNext]);
  const shown = state.kind === 'task' ? state.shown : null;

  useEffect(() => {
    api.project(projectId).then(setProject, setProjectError);
  }, [projectId]);

  // A task handed out under a newer guideline than the one on screen: fetch the project again.
  const wanted = shown?.assignment.guidelineVersion ?? null;
  const refetched = useRef<number | null>(null);
  useEffect(() => {
    if (project && wanted !== null && wanted > (project.guideline?.version ?? 0) && refetched.current !== wanted) {
      refetched.current = wanted;
      api.project(projectId).then(setProject, setProjectError);
    }
  }, [wanted, project, projectId]);

  const onLeaseLost = useCallback((e: ApiError) => setNotice(e), [setNotice]);
  useHeartbeat(shown?.assignment.id ?? null, project?.leaseTtlSeconds ?? 600, onLeaseLost);
  // The task kept in hand is leased too: keep it alive, and quietly replace it if its lease was lost.
  const aheadId = loop.ahead?.assignment.id ?? null;
  const onAheadLost = useCallback(() => {
    if (aheadId) dropAhead(aheadId);
  }, [aheadId, dropAhead]);
  useHeartbeat(aheadId, project?.leaseTtlSeconds ?? 600, onAheadLost);
  usePrepareAhead(project?.labelConfig, loop.ahead);

  if (projectError) return <ErrorMessage error={projectError} />;
  if (!project) return <Loading />;

  return (
    <div className="workspace" data-testid="workspace" data-ahead-id={aheadId ?? ''}>
      <div className="workspace-bar">
        <h1 className="workspace-title" title={project.description}>{project.name}</h1>
        <ProgressSummary progress={loop.progress} sessionCount={loop.sessionCount} />
        <SaveIndicator />
      </div>
      <ErrorMessage error={loop.notice} />
      <div className="workspace-body">
        <div className="workspace-main">
          {state.kind === 'loading' && <div className="task-panel task-loading" data-testid="task-loading">{t('workspace.loadingTask')}</div>}
          {state.kind === 'error' && (
            <div className="card">
              <ErrorMessage error={state.error} />
              <button type="button" className="btn" onClick={retry}>{t('common.retry')}</button>
            </div>
          )}
          {state.kind === 'none' && <NoMoreTasks reason={state.reason} onRetry={retry} />}
          {shown && (
            <TaskForm
              config={project.labelConfig}
              shown={shown}
              onSubmit={(result, leadTimeMs) => loop.submit(shown, result, leadTimeMs)}
              onSkip={() => void loop.skip(shown)}
            />
          )}
        </div>
        <GuidelinePanel guideline={project.guideline} />
      </div>
    </div>
  );
}
