import { safeImageUrl } from '@biaozhu/label-types/views';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { imageKeyOf, thumbnailCell } from './task-image';
import './task-thumbnail.css';

/** One request per project for the table and the drawer together (the config does not change while the page is open). */
const imageKeys = new Map<string, Promise<string | null>>();

/**
 * The data key of the project's image object, or null for a project that shows no image (and while it loads): the
 * task browser adds its thumbnail column and the drawer's picture only for image projects.
 */
export function useProjectImageKey(projectId: string): string | null {
  const [key, setKey] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    let pending = imageKeys.get(projectId);
    if (!pending) {
      pending = api.project(projectId).then((p) => imageKeyOf(p.labelConfig), () => null);
      imageKeys.set(projectId, pending);
    }
    void pending.then((k) => live && setKey(k));
    return () => {
      live = false;
    };
  }, [projectId]);
  return key;
}

/**
 * A row's picture in the task table: the stored image's thumbnail, loaded lazily (the table renders only the rows in
 * view, and the browser fetches only those it shows), else a small mark that names the address.
 */
export function TaskThumbnail({ projectId, value }: { projectId: string; value: unknown }) {
  const { t } = useTranslation();
  const cell = thumbnailCell(value, projectId);
  if (cell.kind === 'thumb') {
    return <img className="task-thumb" src={cell.src} alt="" loading="lazy" decoding="async" data-testid="task-thumb" />;
  }
  if (cell.kind === 'none') return <span className="task-thumb task-thumb-none" aria-label={t('taskImage.none')}>—</span>;
  const mark = (
    <span className="task-thumb task-thumb-none" title={t('taskImage.notStored', { address: cell.text })} data-testid="task-thumb-placeholder">
      ⧉
    </span>
  );
  return cell.href ? (
    <a href={cell.href} target="_blank" rel="noreferrer noopener" onClick={(e) => e.stopPropagation()}>{mark}</a>
  ) : mark;
}

/**
 * The open task's picture in the drawer, under the same rules as the workspace (safeImageUrl): the project's stored
 * images, s3:// references through the presigning route of this task, web addresses; anything else is not loaded.
 */
export function DrawerImage({ projectId, taskId, value }: { projectId: string; taskId: number; value: unknown }) {
  const { t } = useTranslation();
  const src = safeImageUrl(value, { projectId: Number(projectId), taskId });
  if (!src) return <p className="muted small">{t('taskImage.notShown')}</p>;
  return (
    <a href={src} target="_blank" rel="noreferrer noopener" className="task-drawer-image">
      <img src={src} alt={t('taskImage.alt', { id: taskId })} data-testid="drawer-image" />
    </a>
  );
}
