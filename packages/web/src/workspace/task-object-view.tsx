import type { LabelObject } from '@biaozhu/contract';
import { useTranslation } from 'react-i18next';

/** Only web and relative addresses are loaded as images; anything else in task data is shown as text. */
function safeImageUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const v = value.trim();
  if (/^(https?:)?\/\//i.test(v) || v.startsWith('/') || /^data:image\/(png|jpe?g|gif|webp);/i.test(v)) return v;
  return null;
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value, null, 2);
}

/** Shows one object of a task. Task data is untrusted: text is rendered as text, never as HTML. */
export function TaskObjectView({ object, data }: { object: LabelObject; data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const value = data[object.value];
  if (object.type === 'image') {
    const src = safeImageUrl(value);
    if (!src) return <div className="error-banner">{t('workspace.badImage', { value: asText(value) })}</div>;
    return (
      <div className="task-image" data-testid={`object-${object.name}`}>
        <img src={src} alt={object.name} referrerPolicy="no-referrer" />
      </div>
    );
  }
  return (
    <div className="task-text" data-testid={`object-${object.name}`}>
      {asText(value)}
    </div>
  );
}
