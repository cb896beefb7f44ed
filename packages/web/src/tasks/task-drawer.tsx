import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { resultSummary, cellText } from './result-summary';
import { taskBrowserApi, type TaskDetail } from './task-browser-api';
import { DrawerImage, useProjectImageKey } from './task-thumbnail';

function Result({ result }: { result: unknown[] }) {
  const lines = resultSummary(result);
  return lines.length === 0 ? <span className="muted">—</span> : <ul className="task-drawer-result">{lines.map((l, i) => <li key={i}>{l}</li>)}</ul>;
}

/**
 * One task beside the list: its picture (image projects), its data whole, then every answer, prediction and review side by side, the aggregate,
 * and "mark gold with this answer" on each answer of a task that is not gold yet.
 */
export function TaskDrawer({ projectId, taskId, onClose, onChanged }: { projectId: string; taskId: number; onClose: () => void; onChanged: () => void }) {
  const { t } = useTranslation();
  const [task, setTask] = useState<TaskDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const imageKey = useProjectImageKey(projectId);

  useEffect(() => {
    let live = true;
    setTask(null);
    taskBrowserApi.detail(projectId, taskId).then((d) => live && setTask(d), (e: unknown) => live && setError(e));
    return () => { live = false; };
  }, [projectId, taskId, version]);

  const markGold = async (annotationId: number) => {
    setError(null);
    try {
      await taskBrowserApi.markGold(projectId, taskId, annotationId);
      setVersion((v) => v + 1);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <aside className="task-drawer card" data-testid="task-drawer" aria-label={t('taskBrowser.drawer.title', { id: taskId })}>
      <div className="card-head">
        <h2>{t('taskBrowser.drawer.title', { id: taskId })}</h2>
        <button type="button" className="btn btn-small" onClick={onClose} data-testid="drawer-close">{t('taskBrowser.drawer.close')}</button>
      </div>
      <ErrorMessage error={error} />
      {!task ? <Loading /> : (
        <>
          <p className="small muted">
            {t(`taskBrowser.states.${task.state}`)} · {t('taskBrowser.drawer.answersOf', { count: task.answerCount, target: task.isGold ? '—' : task.target })}
            {task.externalId ? ` · ${task.externalId}` : ''}
          </p>
          {imageKey !== null && <DrawerImage projectId={projectId} taskId={taskId} value={task.data[imageKey]} />}
          <dl className="task-drawer-data">
            {Object.entries(task.data).map(([k, v]) => (
              <div key={k}><dt>{k}</dt><dd>{cellText(v)}</dd></div>
            ))}
          </dl>
          {task.goldAnswer && (
            <section data-testid="drawer-gold">
              <h3>{t('taskBrowser.drawer.goldAnswer')}</h3>
              <Result result={Array.isArray(task.goldAnswer.result) ? (task.goldAnswer.result as unknown[]) : []} />
            </section>
          )}
          <div className="task-drawer-columns">
            <section>
              <h3>{t('taskBrowser.drawer.answers', { count: task.annotations.length })}</h3>
              {task.annotations.length === 0 && <p className="muted">{t('taskBrowser.drawer.noAnswers')}</p>}
              {task.annotations.map((a) => {
                const reviews = task.reviews.filter((r) => r.annotationId === a.id);
                return (
                  <div key={a.id} className="task-drawer-item" data-testid={`drawer-answer-${a.id}`}>
                    <div className="small strong">
                      {a.imported ? t('taskBrowser.drawer.imported', { who: a.completedBy ?? '—' }) : (a.completedByEmail ?? String(a.completedBy ?? '—'))}
                    </div>
                    <Result result={a.result} />
                    {reviews.map((r) => (
                      <div key={r.id} className="small muted" data-testid="drawer-review">
                        {t(`taskBrowser.reviewActions.${r.action}`, { defaultValue: r.action })}
                        {r.comment ? `: ${r.comment}` : ''}
                        {r.correctedResult ? <Result result={r.correctedResult} /> : null}
                      </div>
                    ))}
                    {!task.isGold && (
                      <button type="button" className="btn btn-small" onClick={() => void markGold(a.id)} data-testid="mark-gold">
                        {t('taskBrowser.drawer.markGold')}
                      </button>
                    )}
                  </div>
                );
              })}
            </section>
            <section>
              <h3>{t('taskBrowser.drawer.predictions', { count: task.predictions.length })}</h3>
              {task.predictions.length === 0 && <p className="muted">{t('taskBrowser.drawer.noPredictions')}</p>}
              {task.predictions.map((p) => (
                <div key={p.id} className="task-drawer-item">
                  <div className="small strong">{p.modelVersion ?? t('taskBrowser.drawer.unnamedModel')}{p.score !== null ? ` · ${p.score.toFixed(2)}` : ''}</div>
                  <Result result={p.result} />
                </div>
              ))}
              <h3>{t('taskBrowser.drawer.aggregate')}</h3>
              {task.aggregate ? (
                <div className="task-drawer-item">
                  <div className="small strong">{t('taskBrowser.drawer.confidence', { value: (task.aggregate.confidence * 100).toFixed(0) })}</div>
                  <Result result={task.aggregate.result} />
                </div>
              ) : <p className="muted">{t('taskBrowser.drawer.noAggregate')}</p>}
            </section>
          </div>
        </>
      )}
    </aside>
  );
}
