import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, json } from '../api';
import { ErrorMessage } from '../components/error-message';

type ImageFormat = 'coco' | 'yolo' | 'voc';

/** A background export as GET /api/projects/:id/export-jobs lists it (core/src/export/export-jobs.ts). */
interface ExportJob {
  id: number;
  format: ImageFormat;
  includeImages: boolean;
  status: string;
  progress: number;
  tasksDone: number;
  tasksTotal: number | null;
  summary: { images: number; unanswered: number; undecided: number; imagesMissing: number } | null;
  error: string | null;
  file: { name: string; size: number; expiresAt: string } | null;
}

const FORMATS: ImageFormat[] = ['coco', 'yolo', 'voc'];

/**
 * Image exports (COCO, YOLO, Pascal VOC; docs/export-formats.md): choose the format and whether the image files go
 * in, then download at once (small projects) or start a background export and download its file when it is done.
 * The list polls while an export runs; a queued or running export can be cancelled (its partial file is deleted).
 */
export function ImageExportPanel({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const [format, setFormat] = useState<ImageFormat>('coco');
  const [includeImages, setIncludeImages] = useState(false);
  const [jobs, setJobs] = useState<ExportJob[]>([]);
  const [error, setError] = useState<unknown>(null);
  const base = `/projects/${encodeURIComponent(projectId)}/export-jobs`;
  const load = useCallback(() => json<{ jobs: ExportJob[] }>('GET', base).then((r) => setJobs(r.jobs), setError), [base]);
  useEffect(() => {
    void load();
  }, [load]);
  const running = jobs.some((j) => j.status === 'queued' || j.status === 'running');
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void load(), 1000);
    return () => clearInterval(timer);
  }, [running, load]);
  const start = async () => {
    setError(null);
    try {
      await json('POST', base, { format, includeImages });
      await load();
    } catch (e) {
      setError(e);
    }
  };
  const cancel = async (jobId: number) => {
    setError(null);
    try {
      await json('POST', `/export-jobs/${jobId}/cancel`);
      await load();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div data-testid="image-export">
      <h3>{t('export.images.title')}</h3>
      <p className="muted small">{t('export.images.hint')}</p>
      <div className="row">
        <label>
          {t('export.images.format')}{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as ImageFormat)} data-testid="image-export-format">
            {FORMATS.map((f) => (
              <option key={f} value={f}>
                {t(`export.images.formats.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input type="checkbox" checked={includeImages} onChange={(e) => setIncludeImages(e.target.checked)} data-testid="image-export-include" /> {t('export.images.include')}
        </label>
        <a className="btn" href={`${api.exportUrl(projectId, format)}&images=${includeImages}`} download data-testid="image-export-now">
          {t('export.images.now')}
        </a>
        <button className="btn" type="button" onClick={() => void start()} data-testid="image-export-start">
          {t('export.images.start')}
        </button>
      </div>
      {error !== null && <ErrorMessage error={error} />}
      {jobs.length > 0 && (
        <table className="table small" data-testid="image-export-jobs">
          <thead>
            <tr>
              <th>{t('export.images.format')}</th>
              <th>{t('export.images.status')}</th>
              <th>{t('export.images.progress')}</th>
              <th>{t('export.images.file')}</th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id}>
                <td>
                  {t(`export.images.formats.${j.format}`)}
                  {j.includeImages ? ` · ${t('export.images.withImages')}` : ''}
                </td>
                <td>{t(`export.images.states.${j.status}`, { defaultValue: j.status })}</td>
                <td>
                  <progress max={1} value={j.progress} /> {t('export.images.tasks', { done: j.tasksDone, total: j.tasksTotal ?? '?' })}
                  {j.summary !== null && (j.summary.unanswered + j.summary.undecided + j.summary.imagesMissing > 0) && (
                    <div className="muted">{t('export.images.left', { unanswered: j.summary.unanswered, undecided: j.summary.undecided, missing: j.summary.imagesMissing })}</div>
                  )}
                  {j.error !== null && <div className="error">{j.error}</div>}
                  {(j.status === 'queued' || j.status === 'running') && (
                    <button className="btn small" type="button" onClick={() => void cancel(j.id)} data-testid={`image-export-cancel-${j.id}`}>
                      {t('export.images.cancel')}
                    </button>
                  )}
                </td>
                <td>
                  {j.file !== null ? (
                    <a href={`/api/export-jobs/${j.id}/download`} download data-testid={`image-export-download-${j.id}`}>
                      {t('export.images.download', { size: (j.file.size / 1024 / 1024).toFixed(1) })}
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
