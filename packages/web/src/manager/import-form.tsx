import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import type { ImportResult, OnConflict } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { ProgressBar } from '../components/progress-bar';
import { FieldMapper, missingDataKeyOf } from './field-mapper';
import { ImageUploadSection } from './image-upload-form';
import { ImportResultView } from './import-result-view';
import { uploadImport, type ImportSourceFields } from './upload-import';

const EMPTY: ImportSourceFields = {
  sourceName: '',
  sourceLicense: '',
  collectionMethod: '',
  containsPersonalInfo: false,
  legalBasis: '',
  skipBadLines: false,
  format: '',
  onConflict: 'skip',
  fieldMap: {},
};
const FORMATS: ImportSourceFields['format'][] = ['', 'jsonl', 'json', 'csv', 'tsv'];
const ON_CONFLICT: OnConflict[] = ['skip', 'update', 'add'];

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Imports a task file together with where its data came from (the source record the rules ask for). */
export function ImportForm({ projectId, onImported }: { projectId: string; onImported: () => void }) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<ImportSourceFields>(EMPTY);
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const set = <K extends keyof ImportSourceFields>(key: K, value: ImportSourceFields[K]) =>
    setFields((f) => ({ ...f, [key]: value }));

  const upload = async (withFields: ImportSourceFields) => {
    if (!file) return;
    setError(null);
    setResult(null);
    setProgress(0);
    try {
      setResult(await uploadImport(projectId, withFields, file, setProgress));
      onImported();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void upload(fields);
  };
  // The server refused the file because a record lacks a data key: map a column to it and send the file again.
  const missing = error instanceof ApiError && error.code === 'missing_data_key' ? missingDataKeyOf(error.details) : null;
  const mapAndRetry = (key: string, column: string) => {
    const next = { ...fields, fieldMap: { ...fields.fieldMap, [key]: column } };
    setFields(next);
    void upload(next);
  };
  const mapped = Object.entries(fields.fieldMap);

  const text = (key: 'sourceName' | 'sourceLicense' | 'collectionMethod' | 'legalBasis', required: boolean) => (
    <label className="field">
      <span>{t(`import.${key}`)}{required && <span className="required">*</span>}</span>
      <input value={fields[key]} required={required} onChange={(e) => set(key, e.target.value)} data-testid={`import-${key}`} />
    </label>
  );

  return (
    <>
    <section className="card" data-testid="import-form">
      <h2>{t('import.title')}</h2>
      <form onSubmit={onSubmit} className="form-grid">
        <label className="field field-wide">
          <span>{t('import.file')}<span className="required">*</span></span>
          <span className="file-picker">
            <span className="btn">{t('import.chooseFile')}</span>
            <span className="muted">{file ? `${file.name} (${formatSize(file.size)})` : t('import.noFile')}</span>
            <input type="file" accept=".json,.jsonl,.ndjson,.csv,.tsv,.txt" required className="file-input"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="import-file" />
          </span>
          <span className="muted small">{t('import.fileHint')}</span>
        </label>
        {text('sourceName', true)}
        {text('sourceLicense', true)}
        {text('collectionMethod', true)}
        <fieldset className="field">
          <span>{t('import.containsPersonalInfo')}</span>
          <div className="row">
            <label className="toggle">
              <input type="radio" name="pi" checked={!fields.containsPersonalInfo}
                onChange={() => set('containsPersonalInfo', false)} data-testid="import-pi-no" />
              {t('common.no')}
            </label>
            <label className="toggle">
              <input type="radio" name="pi" checked={fields.containsPersonalInfo}
                onChange={() => set('containsPersonalInfo', true)} data-testid="import-pi-yes" />
              {t('common.yes')}
            </label>
          </div>
        </fieldset>
        {text('legalBasis', fields.containsPersonalInfo)}
        <label className="field">
          <span>{t('import.format')}</span>
          <select value={fields.format} data-testid="import-format"
            onChange={(e) => set('format', e.target.value as ImportSourceFields['format'])}>
            {FORMATS.map((f) => (
              <option key={f} value={f}>{f === '' ? t('import.formatAuto') : f.toUpperCase()}</option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('importFit.onConflict')}</span>
          <select value={fields.onConflict} data-testid="import-on-conflict" title={t('importFit.onConflictHint')}
            onChange={(e) => set('onConflict', e.target.value as OnConflict)}>
            {ON_CONFLICT.map((c) => (
              <option key={c} value={c}>{t(`importFit.onConflictOptions.${c}`)}</option>
            ))}
          </select>
          <span className="muted small">{t('importFit.onConflictHint')}</span>
        </label>
        {mapped.length > 0 && (
          <p className="field-wide muted small" data-testid="import-mapping">
            {t('importFit.mapping', { pairs: mapped.map(([key, column]) => `${column} → ${key}`).join(', ') })}{' '}
            <button type="button" className="btn btn-small" onClick={() => set('fieldMap', {})}>{t('importFit.clearMapping')}</button>
          </p>
        )}
        <label className="toggle field-wide">
          <input type="checkbox" checked={fields.skipBadLines} onChange={(e) => set('skipBadLines', e.target.checked)}
            data-testid="import-skip-bad" />
          {t('import.skipBadLines')}
        </label>
        <div className="row field-wide">
          <button type="submit" className="btn btn-primary" disabled={!file || progress !== null} data-testid="import-submit">
            {progress !== null ? t('import.uploading') : t('import.upload')}
          </button>
          {progress !== null && (
            <span className="upload-progress">
              <ProgressBar value={Math.round(progress * 100)} max={100} testId="import-progress" />
              <span className="muted small">{progress < 1 ? `${Math.round(progress * 100)}%` : t('import.processing')}</span>
            </span>
          )}
        </div>
      </form>
      {missing ? <FieldMapper key={`${missing.key}:${missing.line}`} missing={missing} onMap={mapAndRetry} /> : <ErrorMessage error={error} />}
      {result && <ImportResultView result={result} />}
    </section>
    <ImageUploadSection projectId={projectId} onImported={onImported} />
    </>
  );
}
