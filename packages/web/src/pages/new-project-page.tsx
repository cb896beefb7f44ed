import type { LabelConfig } from '@biaozhu/contract';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api';
import type { AssignmentPolicyState } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { Loading } from '../components/loading';
import { AssignmentPolicyEditor } from '../manager/assignment-policy-editor';
import { ConfigPreview } from '../manager/config-preview';
import { ImportForm } from '../manager/import-form';
import { LabelConfigEditor, type ConfigCheck } from '../manager/label-config-editor';
import { NewProjectAccessStep, type NewProjectAccess } from '../manager/new-project-access';
import { PolicyField } from '../manager/policy-field';
import { projectConsoleApi } from '../manager/project-console-api';
import { sampleData } from '../manager/sample-data';
import { TemplateGallery } from '../manager/template-gallery';
import type { LabelConfigTemplate } from '../manager/templates';
import { isManager, useSession } from '../session-context';
import '../manager/console.css';

const STEPS = ['basics', 'config', 'access', 'create', 'policy', 'import'] as const;
type Step = (typeof STEPS)[number];

const OWN_PLACEHOLDER = '<View>\n  <Text name="text" value="$text"/>\n  \n</View>\n';

/**
 * The new-project wizard of the manager's console: name and description; a label config from a template or pasted
 * Label Studio XML, checked as it is typed (errors name the line) and previewed as the workspace with sample data;
 * who sees it (organisation-wide or members only, with its first members); overlap and lease time, then the project
 * is created, with its access and members in the same request; its assignment policy; its first import. The last two steps
 * are the project page's own editors, working on the project just created.
 */
export default function NewProjectPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [step, setStep] = useState<Step>('basics');
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [template, setTemplate] = useState<LabelConfigTemplate | 'own' | null>(null);
  const [xml, setXml] = useState('');
  const [check, setCheck] = useState<ConfigCheck>({ state: 'checking' });
  const [overlap, setOverlap] = useState('1');
  const [lease, setLease] = useState('600');
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [projectId, setProjectId] = useState<string | null>(null);
  const [policy, setPolicy] = useState<AssignmentPolicyState | null>(null);
  const [access, setAccess] = useState<NewProjectAccess>({ access: 'organisation', members: [] });
  const onAccessError = useCallback((e: unknown) => setError(e), []);

  useEffect(() => {
    if (projectId && step === 'policy' && !policy) api.assignmentPolicy(projectId).then(setPolicy, setError);
  }, [projectId, step, policy]);

  if (!isManager(user)) return <p className="muted">{t('console.managersOnly')}</p>;

  const config: LabelConfig | null = check.state === 'ok' ? check.config : null;
  const canLeave: Record<Step, boolean> = {
    basics: name.trim() !== '',
    config: config !== null,
    access: true,
    create: projectId !== null,
    policy: true,
    import: true,
  };
  const index = STEPS.indexOf(step);
  const go = (s: Step) => {
    setError(null);
    setStep(s);
  };

  const create = async () => {
    setCreating(true);
    setError(null);
    try {
      const project = await projectConsoleApi.create({
        name,
        description,
        labelConfig: xml,
        overlap: Number(overlap),
        leaseTtlSeconds: Number(lease),
        access: access.access,
        ...(access.members.length > 0 ? { members: access.members.map((userId) => ({ userId })) } : {}),
      });
      setProjectId(String(project.id));
      setStep('policy');
    } catch (e) {
      setError(e);
    } finally {
      setCreating(false);
    }
  };

  return (
    <div className="page console-wizard" data-testid="new-project">
      <h1 className="page-title">{t('console.newProject.title')}</h1>
      <ol className="console-steps" aria-label={t('console.newProject.steps')}>
        {STEPS.map((s, i) => (
          <li key={s} className={s === step ? 'console-step-current' : i < index ? 'console-step-done' : undefined} aria-current={s === step ? 'step' : undefined}
            data-testid={`step-${s}`}>
            {t(`console.newProject.step.${s}`)}
          </li>
        ))}
      </ol>

      {step === 'basics' && (
        <section className="card form-grid">
          <label className="field field-wide">
            <span>{t('console.fields.name')}<span className="required">*</span></span>
            <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} data-testid="project-name" />
          </label>
          <label className="field field-wide">
            <span>{t('console.fields.description')}</span>
            <textarea value={description} maxLength={5000} rows={3} onChange={(e) => setDescription(e.target.value)} data-testid="project-description" />
          </label>
        </section>
      )}

      {step === 'config' && (
        <section className="card">
          <h2>{t('console.config.title')}</h2>
          <TemplateGallery
            chosen={template === null ? null : template === 'own' ? 'own' : template.id}
            onChoose={(tpl) => {
              setTemplate(tpl);
              setXml(tpl.xml);
            }}
            onOwn={() => {
              setTemplate('own');
              setXml((x) => (x.trim() === '' ? OWN_PLACEHOLDER : x));
            }}
          />
          {template !== null && (
            <div className="console-config-columns">
              <div>
                <h3>{t('console.config.xmlLabel')}</h3>
                <p className="muted small">{t('console.config.xmlHint')}</p>
                <LabelConfigEditor value={xml} onChange={setXml} onCheck={setCheck} />
              </div>
              <div>
                <h3>{t('console.preview.title')}</h3>
                {config ? (
                  <ConfigPreview key={JSON.stringify(config)} config={config} data={sampleData(config, template === 'own' ? {} : template.sample)} />
                ) : (
                  <p className="muted small" data-testid="preview-waiting">{t('console.preview.waiting')}</p>
                )}
              </div>
            </div>
          )}
        </section>
      )}

      {step === 'access' && <NewProjectAccessStep value={access} onChange={setAccess} onError={onAccessError} />}

      {step === 'create' && (
        <section className="card">
          <h2>{t('console.newProject.assignmentTitle')}</h2>
          <div className="form-grid">
            <PolicyField label={t('policy.overlap')} hint={t('policy.overlapHint')} testId="new-overlap" value={overlap} onChange={setOverlap} />
            <PolicyField label={t('policy.lease')} hint={t('policy.leaseHint')} testId="new-lease" suffix={t('policy.seconds')} value={lease} onChange={setLease} />
          </div>
          <p className="muted small">{t('console.newProject.policyLater')}</p>
          <dl className="console-summary">
            <dt>{t('console.fields.name')}</dt>
            <dd>{name.trim()}</dd>
            <dt>{t('console.config.title')}</dt>
            <dd>{config ? t('console.config.ok', { objects: config.objects.length, controls: config.controls.length }) : ''}</dd>
            <dt>{t('members.access')}</dt>
            <dd data-testid="summary-access">{t(`members.accessOptions.${access.access}`)} · {t('console.newProject.membersChosen', { count: access.members.length })}</dd>
          </dl>
          <button type="button" className="btn btn-primary" disabled={creating || projectId !== null} onClick={() => void create()} data-testid="create-project">
            {creating ? t('console.newProject.creating') : t('console.newProject.create')}
          </button>
        </section>
      )}

      {step === 'policy' && projectId && (
        policy ? <AssignmentPolicyEditor projectId={projectId} state={policy} onSaved={setPolicy} /> : <Loading />
      )}

      {step === 'import' && projectId && (
        <>
          <ImportForm projectId={projectId} onImported={() => undefined} />
          <p>
            <Link className="btn btn-primary" to={`/projects/${projectId}`} data-testid="open-project">{t('console.newProject.open')}</Link>
          </p>
        </>
      )}

      <ErrorMessage error={error} />
      <div className="row console-nav">
        {index > 0 && step !== 'policy' && step !== 'import' && (
          <button type="button" className="btn" onClick={() => go(STEPS[index - 1]!)} data-testid="wizard-back">{t('console.newProject.back')}</button>
        )}
        {step !== 'create' && step !== 'import' && (
          <button type="button" className="btn btn-primary" disabled={!canLeave[step]} onClick={() => go(STEPS[index + 1]!)} data-testid="wizard-next">
            {step === 'policy' ? t('console.newProject.toImport') : t('console.newProject.next')}
          </button>
        )}
        {projectId && step === 'import' && (
          <Link className="btn" to={`/projects/${projectId}/settings`} data-testid="open-settings">{t('console.settings.title')}</Link>
        )}
      </div>
    </div>
  );
}
