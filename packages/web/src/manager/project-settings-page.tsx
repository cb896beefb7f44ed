import type { LabelConfig } from '@biaozhu/contract';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { isManager, useSession } from '../session-context';
import { ConfigPreview } from './config-preview';
import { ConfigProblem } from './config-problem';
import { LabelConfigEditor, type ConfigCheck } from './label-config-editor';
import { projectConsoleApi, type ProjectWithState } from './project-console-api';
import { ProjectDangerZone } from './project-settings-danger';
import { MlBackendPanel } from './ml-backend-panel';
import { sampleData } from './sample-data';
import './console.css';

type Loaded = ProjectWithState & { labelConfigXml: string };

/**
 * A project's settings in the manager's console: name and description; the label config, edited as Label Studio
 * XML with a live check and preview (a change that would orphan existing answers is refused by the server, and the
 * refusal names what the answers use); archive and delete.
 */
export default function ProjectSettingsPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const navigate = useNavigate();
  const projectId = useParams().projectId ?? '';
  const [project, setProject] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    projectConsoleApi.project(projectId).then((p) => setProject(p as Loaded), setLoadError);
  }, [projectId]);

  if (!isManager(user)) return <p className="muted">{t('console.managersOnly')}</p>;
  if (!project) return loadError ? <ErrorMessage error={loadError} /> : <Loading />;

  return (
    <div className="page console-settings" data-testid="project-settings">
      <div className="page-head">
        <div>
          <h1 className="page-title" data-testid="settings-title">{t('console.settings.heading', { name: project.name })}</h1>
          {project.archivedAt && <span className="console-badge" data-testid="archived-badge">{t('console.archived')}</span>}
        </div>
        <Link className="btn" to={`/projects/${project.id}`}>{t('console.settings.backToProject')}</Link>
      </div>
      <GeneralSettings project={project} onSaved={(p) => setProject({ ...project, ...p })} />
      <ConfigSettings key={project.labelConfigXml} project={project}
        onSaved={(labelConfig, labelConfigXml) => setProject({ ...project, labelConfig, labelConfigXml })} />
      <MlBackendPanel projectId={String(project.id)} />
      <ProjectDangerZone project={project} onArchived={(archivedAt) => setProject({ ...project, archivedAt })} onDeleted={() => navigate('/')} />
    </div>
  );
}

function GeneralSettings({ project, onSaved }: { project: Loaded; onSaved: (p: { name: string; description: string }) => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(project.name);
  const [description, setDescription] = useState(project.description);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const p = await projectConsoleApi.update(String(project.id), { name, description });
      setName(p.name);
      setDescription(p.description);
      setSaved(true);
      onSaved(p);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card">
      <h2>{t('console.settings.general')}</h2>
      <form className="form-grid" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <label className="field field-wide">
          <span>{t('console.fields.name')}<span className="required">*</span></span>
          <input value={name} maxLength={200} onChange={(e) => { setName(e.target.value); setSaved(false); }} data-testid="settings-name" />
        </label>
        <label className="field field-wide">
          <span>{t('console.fields.description')}</span>
          <textarea value={description} rows={3} maxLength={5000} onChange={(e) => { setDescription(e.target.value); setSaved(false); }} data-testid="settings-description" />
        </label>
        <div className="row field-wide">
          <button type="submit" className="btn btn-primary" disabled={busy || name.trim() === ''} data-testid="settings-save">{t('console.settings.save')}</button>
          {saved && <span className="success small" role="status" data-testid="settings-saved">{t('console.settings.saved')}</span>}
        </div>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}

function ConfigSettings({ project, onSaved }: { project: Loaded; onSaved: (config: LabelConfig, xml: string) => void }) {
  const { t } = useTranslation();
  const [xml, setXml] = useState(project.labelConfigXml);
  const [check, setCheck] = useState<ConfigCheck>({ state: 'checking' });
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const config = check.state === 'ok' ? check.config : null;
  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const p = await projectConsoleApi.update(String(project.id), { labelConfig: xml });
      setSaved(true);
      onSaved(p.labelConfig, xml);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" data-testid="settings-config">
      <h2>{t('console.settings.config')}</h2>
      <p className="muted small">{t('console.settings.configRule')}</p>
      <div className="console-config-columns">
        <div>
          <LabelConfigEditor value={xml} onChange={(x) => { setXml(x); setSaved(false); setError(null); }} onCheck={setCheck} testId="settings-xml" />
          <div className="row">
            <button type="button" className="btn btn-primary" disabled={busy || config === null || xml === project.labelConfigXml}
              onClick={() => void save()} data-testid="settings-config-save">
              {t('console.settings.saveConfig')}
            </button>
            {saved && <span className="success small" role="status" data-testid="settings-config-saved">{t('console.settings.saved')}</span>}
          </div>
          {error !== null && (
            <div data-testid="settings-config-refused">
              <ConfigProblem error={error} />
            </div>
          )}
        </div>
        <div>
          <h3>{t('console.preview.title')}</h3>
          {config ? <ConfigPreview key={JSON.stringify(config)} config={config} data={sampleData(config)} /> : <p className="muted small">{t('console.preview.waiting')}</p>}
        </div>
      </div>
    </section>
  );
}
