import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Guideline } from '../api-types';
import { renderMarkdown } from '../markdown';

/** The project's current guideline beside the task, rendered from Markdown and sanitized. */
export function GuidelinePanel({ guideline }: { guideline: Guideline | null }) {
  const { t } = useTranslation();
  const html = useMemo(() => (guideline ? renderMarkdown(guideline.body) : ''), [guideline]);
  return (
    <aside className="guideline-panel" data-testid="guideline">
      <h2>
        {t('workspace.guideline')}
        {guideline && <span className="muted small"> · {t('workspace.guidelineVersion', { version: guideline.version })}</span>}
      </h2>
      {guideline ? (
        <div className="markdown" dangerouslySetInnerHTML={{ __html: html }} />
      ) : (
        <p className="muted">{t('workspace.noGuideline')}</p>
      )}
    </aside>
  );
}
