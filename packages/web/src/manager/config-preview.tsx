import type { LabelConfig } from '@biaozhu/contract';
import { NO_REGION_STATE, objectsShownByControls, type RegionState } from '@biaozhu/label-types/views';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Answer } from '../workspace/build-result';
import { ControlSlot, newItemId } from '../workspace/control-slot';
import { clickRegion, drawRegion, drawsOn, marksOn, stateFor } from '../workspace/regions';
import { TaskObjectView } from '../workspace/task-object-view';

/**
 * The workspace as an annotator would see a task of this config, built from the workspace's own parts (TaskObjectView,
 * ControlSlot and the region rules of workspace/regions.ts, wired as TaskForm wires them) around sample data: choices
 * can be picked and spans drawn. Answers given here stay in the page: nothing is submitted, saved as a draft or bound
 * to keys (TaskForm does those, for a real assignment).
 */
export function ConfigPreview({ config, data }: { config: LabelConfig; data: Readonly<Record<string, unknown>> }) {
  const { t } = useTranslation();
  const [answer, setAnswer] = useState<Answer>([]);
  const [regions, setRegions] = useState<RegionState>(NO_REGION_STATE);
  const [active, setActive] = useState(0);
  const state = stateFor(answer, regions);
  const shownByControls = objectsShownByControls(config.controls);
  const apply = (step: { answer: Answer; state: RegionState }) => {
    setAnswer(step.answer);
    setRegions(step.state);
  };
  return (
    <section className="task-panel console-preview" data-testid="config-preview" aria-label={t('console.preview.title')}>
      <p className="muted small">{t('console.preview.hint')}</p>
      <div className="task-objects">
        {config.objects.filter((o) => !shownByControls.has(o.name)).map((o) => (
          <TaskObjectView key={o.name} object={o} data={data}
            marks={marksOn(config, answer, state, o.name)}
            drawn={state.drawn?.object === o.name ? state.drawn.value : null}
            onSelectSpan={drawsOn(config, o.name) ? (span) => apply(drawRegion(config, answer, state, active, o.name, span, newItemId)) : undefined}
            onMarkClick={(id) => apply(clickRegion(config, answer, state, id, newItemId))} />
        ))}
      </div>
      <div className="task-controls">
        {config.controls.map((c, i) => (
          <ControlSlot key={c.name} config={config} control={c} data={data} answer={answer}
            active={i === active} onActivate={() => setActive(i)} onChange={setAnswer}
            regionState={state} onRegionState={(change) => setRegions((s) => ({ ...stateFor(answer, s), ...change }))} />
        ))}
      </div>
    </section>
  );
}
