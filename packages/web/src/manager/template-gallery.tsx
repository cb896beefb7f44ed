import { useTranslation } from 'react-i18next';
import { TEMPLATES, type LabelConfigTemplate } from './templates';

/** The template cards of the wizard, and "paste my own" for a Label Studio XML config from elsewhere. */
export function TemplateGallery({ chosen, onChoose, onOwn }: {
  chosen: LabelConfigTemplate['id'] | 'own' | null;
  onChoose: (template: LabelConfigTemplate) => void;
  onOwn: () => void;
}) {
  const { t } = useTranslation();
  const card = (id: string, selected: boolean, onClick: () => void) => (
    <button key={id} type="button" className={selected ? 'console-template console-template-chosen' : 'console-template'}
      aria-pressed={selected} onClick={onClick} data-testid={`template-${id}`}>
      <span className="strong">{t(`console.templates.${id}.title`)}</span>
      <span className="muted small">{t(`console.templates.${id}.description`)}</span>
    </button>
  );
  return (
    <div>
      <div className="console-templates" role="group" aria-label={t('console.config.gallery')}>
        {TEMPLATES.map((tpl) => card(tpl.id, chosen === tpl.id, () => onChoose(tpl)))}
        {card('own', chosen === 'own', onOwn)}
      </div>
      <p className="muted small">{t('console.config.noImageBoxes')}</p>
    </div>
  );
}
