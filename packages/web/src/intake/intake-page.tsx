import { PII_KINDS, type CleaningJobView, type IntakeSettings, type PiiKind, type PiiRedactionPolicy } from '@biaozhu/contract';
import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ErrorMessage } from '../components/error-message';
import { codedMessageText } from '../components/error-text';
import { IntakeError } from './intake-error';
import { ProgressBar } from '../components/progress-bar';
import { FieldMapper, missingDataKeyOf } from '../manager/field-mapper';
import { formatBytes, intakeApi, uploadForCleaning, type SourceFields } from './intake-api';
import { buildPipeline, DEFAULT_CHOICES, STEP_CHOICES, type PipelineChoices } from './pipeline-builder';

const EMPTY_SOURCE: SourceFields = { sourceName: '', sourceLicense: '', collectionMethod: '', containsPersonalInfo: '', legalBasis: '', skipBadLines: false };
const ACTIVE = new Set(['queued', 'running']);

/** Data intake of a project: the provenance policy, an upload with a cleaning pipeline, and the jobs with their progress. */
export default function IntakePage() {
  const { projectId = '' } = useParams();
  const { t } = useTranslation();
  const [jobs, setJobs] = useState<CleaningJobView[]>([]);
  const [error, setError] = useState<unknown>(null);

  const refresh = useCallback(() => {
    intakeApi.jobs(projectId).then(setJobs, setError);
  }, [projectId]);
  useEffect(refresh, [refresh]);

  return (
    <div className="manager-columns" data-testid="intake-page">
      <div className="manager-column">
        <div className="page-head">
          <h1 className="page-title">{t('intake.title')}</h1>
          <Link className="btn" to={`/projects/${projectId}`}>{t('intake.backToProject')}</Link>
        </div>
        <ErrorMessage error={error} />
        <SettingsCard projectId={projectId} />
        <CleanUploadForm projectId={projectId} onQueued={refresh} />
      </div>
      <div className="manager-column">
        <JobList jobs={jobs} projectId={projectId} onChange={refresh} />
      </div>
    </div>
  );
}

/**
 * The personal information every import into the project redacts: off, or the kinds chosen and how they are
 * replaced. Turning it on starts with phone numbers and ID card numbers, the kinds most files hold.
 */
function RedactionFields({ policy, onChange }: { policy: PiiRedactionPolicy | null; onChange: (policy: PiiRedactionPolicy | null) => void }) {
  const { t } = useTranslation();
  const toggleKind = (kind: PiiKind, on: boolean) => {
    if (!policy) return;
    const kinds = on ? PII_KINDS.filter((k) => k === kind || policy.kinds.includes(k)) : policy.kinds.filter((k) => k !== kind);
    onChange(kinds.length === 0 ? null : { ...policy, kinds });
  };
  return (
    <fieldset className="field field-wide" data-testid="intake-redaction">
      <label className="toggle">
        <input type="checkbox" checked={policy !== null} data-testid="intake-redact"
          onChange={(e) => onChange(e.target.checked ? { kinds: ['phone', 'id_card'], mode: 'mask' } : null)} />
        {t('intake.settings.redact')}
      </label>
      <span className="muted small">{t('intake.settings.redactHint')}</span>
      {policy && (
        <>
          <div className="row wrap">
            {PII_KINDS.map((kind) => (
              <label key={kind} className="toggle">
                <input type="checkbox" checked={policy.kinds.includes(kind)} data-testid={`intake-redact-${kind}`}
                  onChange={(e) => toggleKind(kind, e.target.checked)} />
                {t(`intake.piiKinds.${kind}`)}
              </label>
            ))}
          </div>
          <label className="field">
            <span>{t('intake.settings.redactMode')}</span>
            <select value={policy.mode} data-testid="intake-redact-mode"
              onChange={(e) => onChange({ ...policy, mode: e.target.value as PiiRedactionPolicy['mode'] })}>
              <option value="mask">{t('intake.settings.redactModes.mask')}</option>
              <option value="placeholder">{t('intake.settings.redactModes.placeholder')}</option>
            </select>
          </label>
        </>
      )}
    </fieldset>
  );
}

function SettingsCard({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [settings, setSettings] = useState<IntakeSettings | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    intakeApi.settings(projectId).then(setSettings, setError);
  }, [projectId]);
  if (!settings) return <ErrorMessage error={error} />;
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      setSettings(await intakeApi.saveSettings(projectId, settings));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" data-testid="intake-settings">
      <h2>{t('intake.settings.title')}</h2>
      <form className="form-grid" onSubmit={(e) => void save(e)}>
        <label className="toggle field-wide">
          <input type="checkbox" checked={settings.requireCompleteSource} data-testid="intake-require-source"
            onChange={(e) => setSettings({ ...settings, requireCompleteSource: e.target.checked })} />
          {t('intake.settings.requireCompleteSource')}
        </label>
        <span className="muted small field-wide">{t('intake.settings.requireHint')}</span>
        <label className="toggle field-wide">
          <input type="checkbox" checked={settings.keepOriginal} data-testid="intake-keep-original"
            onChange={(e) => setSettings({ ...settings, keepOriginal: e.target.checked })} />
          {t('intake.settings.keepOriginal')}
        </label>
        {settings.keepOriginal && (
          <label className="field">
            <span>{t('intake.settings.originalKey')}</span>
            <input value={settings.originalKey} data-testid="intake-original-key"
              onChange={(e) => setSettings({ ...settings, originalKey: e.target.value })} />
          </label>
        )}
        <RedactionFields policy={settings.redactPii} onChange={(redactPii) => setSettings({ ...settings, redactPii })} />
        <div className="row field-wide">
          <button type="submit" className="btn" data-testid="intake-settings-save">{t('intake.settings.save')}</button>
          {saved && <span className="save-ok small">{t('intake.settings.saved')}</span>}
        </div>
      </form>
      <IntakeError error={error} />
    </section>
  );
}

function CleanUploadForm({ projectId, onQueued }: { projectId: string; onQueued: () => void }) {
  const { t } = useTranslation();
  const [source, setSource] = useState<SourceFields>(EMPTY_SOURCE);
  const [choices, setChoices] = useState<PipelineChoices>(DEFAULT_CHOICES);
  const [pipeline, setPipeline] = useState(() => buildPipeline(DEFAULT_CHOICES));
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<number | null>(null);
  const [job, setJob] = useState<CleaningJobView | null>(null);
  const [error, setError] = useState<unknown>(null);
  // columns mapped to the config's data keys, as on the project's import form (FieldMapper)
  const [fieldMap, setFieldMap] = useState<Record<string, string>>({});
  const setChoice = (c: PipelineChoices) => {
    setChoices(c);
    setPipeline(buildPipeline(c));
  };
  const text = (key: 'sourceName' | 'sourceLicense' | 'collectionMethod' | 'legalBasis', required: boolean) => (
    <label className="field">
      <span>{t(`intake.source.${key}`)}{required && <span className="required">*</span>}</span>
      <input value={source[key]} required={required} data-testid={`intake-${key}`} onChange={(e) => setSource({ ...source, [key]: e.target.value })} />
    </label>
  );

  const submit = async (withMap: Record<string, string>) => {
    if (!file) return;
    setError(null);
    setJob(null);
    setUpload(0);
    try {
      setJob(await uploadForCleaning(projectId, source, pipeline, file, setUpload, withMap));
      onQueued();
    } catch (err) {
      setError(err);
    } finally {
      setUpload(null);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit(fieldMap);
  };
  // The job failed because a record lacks a data key: map a column to it and queue the file again.
  const mapAndRetry = (key: string, column: string) => {
    const next = { ...fieldMap, [key]: column };
    setFieldMap(next);
    void submit(next);
  };
  const mapped = Object.entries(fieldMap);

  return (
    <section className="card" data-testid="intake-form">
      <h2>{t('intake.form.title')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} className="form-grid">
        <label className="field field-wide">
          <span>{t('intake.form.file')}<span className="required">*</span></span>
          <span className="file-picker">
            <span className="btn">{t('intake.form.chooseFile')}</span>
            <span className="muted">{file ? `${file.name} (${formatBytes(file.size)})` : t('intake.form.noFile')}</span>
            <input type="file" accept=".json,.jsonl,.ndjson,.csv,.tsv,.gz,.parquet" required className="file-input"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="intake-file" />
          </span>
        </label>
        {text('sourceName', true)}
        {text('sourceLicense', false)}
        {text('collectionMethod', false)}
        <fieldset className="field">
          <span>{t('intake.source.containsPersonalInfo')}</span>
          <div className="row">
            {(['false', 'true'] as const).map((v) => (
              <label className="toggle" key={v}>
                <input type="radio" name="intake-pi" checked={source.containsPersonalInfo === v} data-testid={`intake-pi-${v === 'true' ? 'yes' : 'no'}`}
                  onChange={() => setSource({ ...source, containsPersonalInfo: v })} />
                {t(v === 'true' ? 'intake.yes' : 'intake.no')}
              </label>
            ))}
          </div>
        </fieldset>
        {text('legalBasis', source.containsPersonalInfo === 'true')}
        <fieldset className="field field-wide" data-testid="intake-steps">
          <span>{t('intake.form.steps')}</span>
          <div className="row">
            {STEP_CHOICES.map((s) => (
              <label className="toggle" key={s}>
                <input type="checkbox" checked={choices.steps[s]} data-testid={`intake-step-${s}`}
                  onChange={(e) => setChoice({ ...choices, steps: { ...choices.steps, [s]: e.target.checked } })} />
                {t(`intake.steps.${s}`)}
              </label>
            ))}
          </div>
        </fieldset>
        <label className="field">
          <span>{t('intake.form.textField')}</span>
          <input value={choices.textField} data-testid="intake-text-field" onChange={(e) => setChoice({ ...choices, textField: e.target.value })} />
        </label>
        <label className="field">
          <span>{t('intake.form.piiMode')}</span>
          <select value={choices.piiMode} data-testid="intake-pii-mode" onChange={(e) => setChoice({ ...choices, piiMode: e.target.value as PipelineChoices['piiMode'] })}>
            {(['mask', 'placeholder', 'drop'] as const).map((m) => <option key={m} value={m}>{t(`intake.piiModes.${m}`)}</option>)}
          </select>
        </label>
        <label className="field field-wide">
          <span>{t('intake.form.pipeline')}</span>
          <textarea className="guideline-textarea" rows={8} value={pipeline} spellCheck={false} data-testid="intake-pipeline"
            onChange={(e) => setPipeline(e.target.value)} />
          <span className="muted small">{t('intake.form.pipelineHint')}</span>
        </label>
        {mapped.length > 0 && (
          <p className="field-wide muted small" data-testid="intake-mapping">
            {t('importFit.mapping', { pairs: mapped.map(([key, column]) => `${column} → ${key}`).join(', ') })}{' '}
            <button type="button" className="btn btn-small" onClick={() => setFieldMap({})}>{t('importFit.clearMapping')}</button>
          </p>
        )}
        <label className="toggle field-wide">
          <input type="checkbox" checked={source.skipBadLines} onChange={(e) => setSource({ ...source, skipBadLines: e.target.checked })} data-testid="intake-skip-bad" />
          {t('intake.form.skipBadLines')}
        </label>
        <div className="row field-wide">
          <button type="submit" className="btn btn-primary" disabled={!file || upload !== null} data-testid="intake-submit">
            {upload !== null ? t('intake.form.uploading') : t('intake.form.submit')}
          </button>
          {upload !== null && <span className="upload-progress"><ProgressBar value={Math.round(upload * 100)} max={100} /></span>}
        </div>
      </form>
      <IntakeError error={error} />
      {job && <JobProgress key={job.id} initial={job} onFinished={onQueued} onMap={mapAndRetry} />}
    </section>
  );
}

/**
 * Polls one job every second while it is queued or running and shows its progress. A job that failed on a record
 * without a data key the config shows offers the record's columns to map (with `onMap`: the form still has the file).
 */
export function JobProgress({ initial, onFinished, onMap }: { initial: CleaningJobView; onFinished?: () => void; onMap?: (key: string, column: string) => void }) {
  const { t, i18n } = useTranslation();
  const [job, setJob] = useState(initial);
  const [error, setError] = useState<unknown>(null);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  useEffect(() => {
    if (!ACTIVE.has(job.status)) return;
    const timer = setTimeout(() => {
      intakeApi.job(job.id).then((j) => {
        setJob(j);
        if (!ACTIVE.has(j.status)) finished.current?.();
      }, setError);
    }, 700);
    return () => clearTimeout(timer);
  }, [job]);
  const missing = job.status === 'failed' && job.errorCode === 'missing_data_key' ? missingDataKeyOf(job.errorDetails) : null;
  const cancel = async () => {
    try {
      setJob(await intakeApi.cancel(job.id));
      finished.current?.();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="import-result" data-testid="intake-job" data-status={job.status}>
      <div className="row">
        <strong data-testid="intake-job-status">{t(`intake.status.${job.status}`)}</strong>
        {job.phase && ACTIVE.has(job.status) && <span className="muted small">{t(`intake.phase.${job.phase}`, { defaultValue: job.phase })}</span>}
        <span className="muted small">{Math.round(job.progress * 100)}%</span>
      </div>
      <ProgressBar value={Math.round(job.progress * 1000)} max={1000} testId="intake-job-progress" />
      <div className="muted small">
        {t('intake.job.bytes', { read: formatBytes(job.bytesRead), total: formatBytes(job.bytesTotal) })} ·{' '}
        {t('intake.job.records', { in: job.recordsIn, out: job.recordsOut })}
      </div>
      {job.status === 'done' && (
        <div className="row">
          <span className="success" data-testid="intake-job-created">{t('intake.job.created', { count: job.tasksCreated ?? 0 })}</span>
          <Link className="btn btn-small" to={`/projects/${job.projectId}/intake/jobs/${job.id}`} data-testid="intake-report-link">{t('intake.job.report')}</Link>
        </div>
      )}
      {missing && onMap ? (
        <FieldMapper key={`${missing.key}:${missing.line}`} missing={missing} onMap={onMap} />
      ) : job.error && <div className="error-text" data-code={job.errorCode ?? undefined}>{codedMessageText(t, (k) => i18n.exists(k), { message: job.error, code: job.errorCode, details: job.errorDetails })}</div>}
      {ACTIVE.has(job.status) && (
        <button type="button" className="btn btn-small" onClick={() => void cancel()} data-testid="intake-job-cancel">{t('intake.job.cancel')}</button>
      )}
      <ErrorMessage error={error} />
    </div>
  );
}

function JobList({ jobs, projectId, onChange }: { jobs: CleaningJobView[]; projectId: string; onChange: () => void }) {
  const { t, i18n } = useTranslation();
  const active = jobs.filter((j) => ACTIVE.has(j.status));
  return (
    <section className="card" data-testid="intake-jobs">
      <div className="card-head">
        <h2>{t('intake.jobs.title')}</h2>
        <button type="button" className="btn btn-small" onClick={onChange}>{t('intake.jobs.refresh')}</button>
      </div>
      {active.map((j) => <JobProgress key={j.id} initial={j} onFinished={onChange} />)}
      {jobs.length === 0 ? (
        <p className="muted">{t('intake.jobs.none')}</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>#</th><th>{t('intake.jobs.file')}</th><th>{t('intake.jobs.status')}</th><th className="num">{t('intake.jobs.in')}</th>
              <th className="num">{t('intake.jobs.out')}</th><th>{t('intake.jobs.when')}</th><th />
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id}>
                <td>{j.id}</td>
                <td>{j.fileName}</td>
                <td>{t(`intake.status.${j.status}`)}</td>
                <td className="num">{j.recordsIn}</td>
                <td className="num">{j.recordsOut}</td>
                <td className="small">{new Date(j.createdAt).toLocaleString(i18n.language)}</td>
                <td>{(j.status === 'done' || j.status === 'failed') && <Link to={`/projects/${projectId}/intake/jobs/${j.id}`}>{t('intake.job.report')}</Link>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
