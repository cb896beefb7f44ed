import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import type { Guideline } from '../api-types';
import { ErrorMessage } from '../components/error-message';
import { renderMarkdown } from '../markdown';

/** The current guideline and an editor that publishes the text as a new version. */
export function GuidelineEditor({ projectId, guideline, onPublished }: {
  projectId: string;
  guideline: Guideline | null;
  onPublished: (g: Guideline) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(guideline?.body ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [preview, setPreview] = useState(false);
  const changed = draft !== (guideline?.body ?? '');

  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      onPublished(await api.publishGuideline(projectId, draft));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" data-testid="guideline-editor">
      <div className="card-head">
        <h2>{t('guideline.title')}</h2>
        <span className="muted small" data-testid="guideline-version">
          {guideline ? t('guideline.currentVersion', { version: guideline.version }) : t('guideline.none')}
        </span>
        <label className="toggle">
          <input type="checkbox" checked={preview} onChange={(e) => setPreview(e.target.checked)} />
          {t('guideline.preview')}
        </label>
      </div>
      {preview ? (
        <div className="markdown preview" dangerouslySetInnerHTML={{ __html: renderMarkdown(draft) }} />
      ) : (
        <textarea
          className="guideline-textarea"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          placeholder={t('guideline.placeholder')}
          data-testid="guideline-body"
          rows={12}
        />
      )}
      <ErrorMessage error={error} />
      <div className="row">
        <button type="button" className="btn btn-primary" disabled={busy || !changed || draft.trim() === ''}
          onClick={() => void publish()} data-testid="guideline-publish">
          {busy ? t('guideline.publishing') : t('guideline.publish')}
        </button>
        <span className="muted small">{t('guideline.markdownHint')}</span>
      </div>
    </section>
  );
}
