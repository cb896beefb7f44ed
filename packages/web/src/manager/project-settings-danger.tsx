import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../components/error-message';
import { projectConsoleApi, type ProjectWithState } from './project-console-api';

/**
 * Archive (and unarchive) and delete. Deleting needs the project's name typed out; it is a soft delete (the project
 * is found by nobody afterwards, its data stays in the database: docs/decisions/0006-soft-delete-projects.md).
 */
export function ProjectDangerZone({ project, onArchived, onDeleted }: {
  project: ProjectWithState;
  onArchived: (archivedAt: string | null) => void;
  onDeleted: () => void;
}) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = String(project.id);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card console-danger" data-testid="danger-zone">
      <h2>{t('console.settings.archiveTitle')}</h2>
      <p className="muted small">{project.archivedAt ? t('console.settings.archivedNote') : t('console.settings.archiveNote')}</p>
      {project.archivedAt ? (
        <button type="button" className="btn" disabled={busy} data-testid="unarchive"
          onClick={() => void run(async () => onArchived((await projectConsoleApi.unarchive(id)).archivedAt))}>
          {t('console.settings.unarchive')}
        </button>
      ) : (
        <button type="button" className="btn" disabled={busy} data-testid="archive"
          onClick={() => void run(async () => onArchived((await projectConsoleApi.archive(id)).archivedAt))}>
          {t('console.settings.archive')}
        </button>
      )}
      <h2>{t('console.settings.deleteTitle')}</h2>
      <p className="muted small">{t('console.settings.deleteNote')}</p>
      <label className="field">
        <span>{t('console.settings.typeName', { name: project.name })}</span>
        <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" data-testid="delete-confirm" />
      </label>
      <button type="button" className="btn btn-danger" disabled={busy || typed.trim() !== project.name} data-testid="delete"
        onClick={() => void run(async () => {
          await projectConsoleApi.remove(id, typed);
          onDeleted();
        })}>
        {t('console.settings.delete')}
      </button>
      <ErrorMessage error={error} />
    </section>
  );
}
