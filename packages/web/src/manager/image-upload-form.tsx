import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { OnConflict } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { ProgressBar } from '../components/progress-bar';
import { ImportResultView } from './import-result-view';
import {
  selectionBytes,
  uploadImages,
  type ImageImportResult,
  type ImageSelection,
  type ImageUploadFields,
} from './upload-images';

const EMPTY: ImageUploadFields = {
  sourceName: '',
  sourceLicense: '',
  collectionMethod: '',
  containsPersonalInfo: false,
  legalBasis: '',
  skipBadLines: false,
  onConflict: 'skip',
};
const ON_CONFLICT: OnConflict[] = ['skip', 'update', 'add'];

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The image upload of a project whose label config shows an `image` object (other projects get nothing from it):
 * it asks for the project itself, so the import area mounts it without knowing the config.
 */
export function ImageUploadSection({ projectId, onImported }: { projectId: string; onImported: () => void }) {
  const [hasImage, setHasImage] = useState(false);
  useEffect(() => {
    let live = true;
    api.project(projectId).then(
      (p) => live && setHasImage(p.labelConfig.objects.some((o) => o.type === 'image')),
      // The import form beside it shows the page's errors; without the project there is simply no image upload.
      () => live && setHasImage(false),
    );
    return () => {
      live = false;
    };
  }, [projectId]);
  return hasImage ? <ImageUploadForm projectId={projectId} onImported={onImported} /> : null;
}

/**
 * Uploads images as tasks: a zip, a folder (every file under it, sent by its path in the folder) or several files,
 * with the source record the project's rules ask for. Shows upload progress, then the import's counts (images
 * stored, tasks created, already-imported names skipped, each refused file with its name) or the server's refusal
 * in the reader's language.
 */
export function ImageUploadForm({ projectId, onImported }: { projectId: string; onImported: () => void }) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<ImageUploadFields>(EMPTY);
  const [selection, setSelection] = useState<ImageSelection | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [result, setResult] = useState<ImageImportResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const set = <K extends keyof ImageUploadFields>(key: K, value: ImageUploadFields[K]) => setFields((f) => ({ ...f, [key]: value }));

  const pick = (kind: ImageSelection['kind'], list: FileList | null) => {
    const files = list ? Array.from(list) : [];
    setResult(null);
    setError(null);
    if (files.length === 0) setSelection(null);
    else if (kind === 'zip') setSelection({ kind, file: files[0]! });
    else setSelection({ kind, files });
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (!selection) return;
    setError(null);
    setResult(null);
    setProgress(0);
    try {
      setResult(await uploadImages(projectId, fields, selection, setProgress));
      onImported();
    } catch (err) {
      setError(err);
    } finally {
      setProgress(null);
    }
  };

  const text = (key: 'sourceName' | 'sourceLicense' | 'collectionMethod' | 'legalBasis', required: boolean) => (
    <label className="field">
      <span>{t(`import.${key}`)}{required && <span className="required">*</span>}</span>
      <input value={fields[key]} required={required} onChange={(e) => set(key, e.target.value)} data-testid={`image-upload-${key}`} />
    </label>
  );
  const picker = (kind: ImageSelection['kind'], label: string) => (
    <span className="file-picker">
      <span className="btn">{label}</span>
      <input
        type="file"
        className="file-input"
        data-testid={`image-upload-${kind}`}
        accept={kind === 'zip' ? '.zip,application/zip' : kind === 'files' ? 'image/*' : undefined}
        multiple={kind !== 'zip'}
        // React does not know the attribute; a folder picker is a file input with it set.
        ref={(el) => {
          if (el && kind === 'folder') el.setAttribute('webkitdirectory', '');
        }}
        onChange={(e) => pick(kind, e.target.files)}
      />
    </span>
  );

  return (
    <section className="card" data-testid="image-upload">
      <h2>{t('imageUpload.title')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} className="form-grid">
        <div className="field field-wide">
          <span>{t('imageUpload.images')}<span className="required">*</span></span>
          <div className="row">
            {picker('zip', t('imageUpload.chooseZip'))}
            {picker('folder', t('imageUpload.chooseFolder'))}
            {picker('files', t('imageUpload.chooseFiles'))}
          </div>
          <span className="muted" data-testid="image-upload-selection">
            {!selection
              ? t('import.noFile')
              : selection.kind === 'zip'
                ? `${selection.file.name} (${formatSize(selection.file.size)})`
                : t('imageUpload.selected', { count: selection.files.length, size: formatSize(selectionBytes(selection)) })}
          </span>
          <span className="muted small">{t('imageUpload.hint')}</span>
        </div>
        {text('sourceName', true)}
        {text('sourceLicense', true)}
        {text('collectionMethod', true)}
        <fieldset className="field">
          <span>{t('import.containsPersonalInfo')}</span>
          <div className="row">
            <label className="toggle">
              <input type="radio" name="image-pi" checked={!fields.containsPersonalInfo} onChange={() => set('containsPersonalInfo', false)} />
              {t('common.no')}
            </label>
            <label className="toggle">
              <input type="radio" name="image-pi" checked={fields.containsPersonalInfo} onChange={() => set('containsPersonalInfo', true)} />
              {t('common.yes')}
            </label>
          </div>
        </fieldset>
        {text('legalBasis', fields.containsPersonalInfo)}
        <label className="field">
          <span>{t('importFit.onConflict')}</span>
          <select value={fields.onConflict} data-testid="image-upload-on-conflict" onChange={(e) => set('onConflict', e.target.value as OnConflict)}>
            {ON_CONFLICT.map((c) => (
              <option key={c} value={c}>{t(`importFit.onConflictOptions.${c}`)}</option>
            ))}
          </select>
        </label>
        <label className="toggle field-wide">
          <input type="checkbox" checked={fields.skipBadLines} onChange={(e) => set('skipBadLines', e.target.checked)} data-testid="image-upload-skip-bad" />
          {t('imageUpload.skipBad')}
        </label>
        <div className="row field-wide">
          <button type="submit" className="btn btn-primary" disabled={!selection || progress !== null} data-testid="image-upload-submit">
            {progress !== null ? t('import.uploading') : t('imageUpload.upload')}
          </button>
          {progress !== null && (
            <span className="upload-progress">
              <ProgressBar value={Math.round(progress * 100)} max={100} testId="image-upload-progress" />
              <span className="muted small">{progress < 1 ? `${Math.round(progress * 100)}%` : t('import.processing')}</span>
            </span>
          )}
        </div>
      </form>
      <ErrorMessage error={error} />
      {result && (
        <div data-testid="image-upload-result">
          {result.images && (
            <p data-testid="image-upload-stored" data-stored={result.images.stored} data-reused={result.images.reused}>
              {t('imageUpload.stored', { stored: result.images.stored, reused: result.images.reused })}
            </p>
          )}
          <ImportResultView result={result} />
        </div>
      )}
    </section>
  );
}
