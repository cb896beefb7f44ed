import type { LabelConfig, LabelControl } from '@biaozhu/contract';
import { viewOf, type RegionState } from '@biaozhu/label-types/views';
import { useTranslation } from 'react-i18next';
import { randomId } from '../random-id';
import { viewItemsOf, withItems, type Answer } from './build-result';
import { keyHint } from './resolve-key';

interface Props {
  config: LabelConfig;
  control: LabelControl;
  data: Readonly<Record<string, unknown>>;
  answer: Answer;
  active: boolean;
  onActivate: () => void;
  onChange: (answer: Answer) => void;
  /** The workspace's region state; absent where no objects are shown (a review correction). */
  regionState?: RegionState;
  onRegionState?: (change: Partial<RegionState>) => void;
}

/** A new result item id, as Label Studio's editor makes them (10 letters and digits). */
export const newItemId = () => randomId(10);

/**
 * One control of the config, shown by its type's view (packages/label-types) with what a view needs from the
 * workspace: its items of the answer, translated words and the keys. A type without a view yet gets a note, so a
 * project using it still shows its task.
 */
export function ControlSlot({ config, control, data, answer, active, onActivate, onChange, regionState, onRegionState }: Props) {
  const { t } = useTranslation();
  const view = viewOf(control);
  if (!view) {
    return (
      <fieldset className="control" data-testid={`control-${control.name}`}>
        <legend>{control.label ?? control.name}</legend>
        <p className="muted small" data-testid={`no-view-${control.name}`}>
          {t('workspace.noViewYet', { type: control.type })}
        </p>
      </fieldset>
    );
  }
  const View = view.View;
  return (
    <View
      control={control}
      items={viewItemsOf(answer, control)}
      answer={answer}
      objects={config.objects}
      data={data}
      onChange={(items) => onChange(withItems(answer, control, items))}
      active={active}
      onActivate={onActivate}
      keyHint={(target) => keyHint(config, control, target, active)}
      text={(word, vars) => t(`views.${word}`, vars)}
      newId={newItemId}
      regionState={regionState}
      onRegionState={onRegionState}
    />
  );
}
