import type { LabelConfig } from '@biaozhu/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../workspace/build-result';
import { ControlSlot } from '../workspace/control-slot';
import { TaskObjectView } from '../workspace/task-object-view';

/**
 * The workspace as an annotator would see a task of this config, built from the workspace's own object and control
 * views (TaskObjectView, ControlSlot) around sample data. Answers given here stay in the page: nothing is submitted,
 * saved as a draft or bound to keys (the real TaskForm does those, for a real assignment).
 */
export function ConfigPreview({ config, data }: { config: LabelConfig; data: Readonly<Record<string, unknown>> }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<Answer>([]);
  const [active, setActive] = useState(0);
  return (
    <section className="task-panel console-preview" data-testid="config-preview" aria-label={t('console.preview.title')}>
      <p className="muted small">{t('console.preview.hint')}</p>
      <div className="task-objects">
        {config.objects.map((o) => (
          <TaskObjectView key={o.name} object={o} data={data} />
        ))}
      </div>
      <div className="task-controls">
        {config.controls.map((c, i) => (
          <ControlSlot key={c.name} config={config} control={c} data={data} answer={answer}
            active={i === active} onActivate={() => setActive(i)} onChange={setAnswer} />
        ))}
      </div>
    </section>
  );
}
