import type { ChoicesControl, LabelConfig } from '@biaozhu/contract';
import { useTranslation } from 'react-i18next';
import { keyLabel } from './resolve-key';

interface Props {
  config: LabelConfig;
  control: ChoicesControl;
  selected: string[];
  active: boolean;
  onPick: (value: string) => void;
  onActivate: () => void;
}

/** One choices control: a row of buttons, each with its key shown; the active control answers the digit keys. */
export function ChoicesControlView({ config, control, selected, active, onPick, onActivate }: Props) {
  const { t } = useTranslation();
  return (
    <fieldset
      className={`control${active ? ' control-active' : ''}`}
      data-testid={`control-${control.name}`}
      onFocus={onActivate}
      onMouseDown={onActivate}
    >
      <legend>
        {control.label ?? control.name}
        {control.required !== false && <span className="required" title={t('workspace.required')}>*</span>}
        <span className="muted small"> · {control.multiple ? t('workspace.pickMany') : t('workspace.pickOne')}</span>
      </legend>
      <div className="choices" role={control.multiple ? 'group' : 'radiogroup'}>
        {control.choices.map((choice, i) => {
          const on = selected.includes(choice.value);
          const key = keyLabel(config, control, i, active);
          return (
            <button
              key={choice.value}
              type="button"
              className={`choice${on ? ' choice-on' : ''}`}
              role={control.multiple ? 'checkbox' : 'radio'}
              aria-checked={on}
              title={choice.hint}
              data-testid={`choice-${control.name}-${i + 1}`}
              data-value={choice.value}
              onClick={() => onPick(choice.value)}
            >
              {key && <kbd>{key}</kbd>}
              <span>{choice.value}</span>
            </button>
          );
        })}
      </div>
    </fieldset>
  );
}
