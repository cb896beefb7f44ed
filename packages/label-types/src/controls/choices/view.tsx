import type { ControlView, ControlViewProps, KeyBinding } from '../../view-kit.js';
import { pickChoice, pickedChoices } from './pick.js';
import type { ChoicesControl } from './schema.js';

/** One choices control: a row of buttons, each with its key shown; the active control answers the digit keys. */
export function ChoicesControlView({ control, items, onChange, active, onActivate, keyHint, text, newId }: ControlViewProps<ChoicesControl>) {
  const selected = pickedChoices(items);
  return (
    <fieldset
      className={`control${active ? ' control-active' : ''}`}
      data-testid={`control-${control.name}`}
      onFocus={onActivate}
      onMouseDown={onActivate}
    >
      <legend>
        {control.label ?? control.name}
        {control.required !== false && <span className="required" title={text('required')}>*</span>}
        <span className="muted small"> · {control.multiple ? text('pickMany') : text('pickOne')}</span>
      </legend>
      <div className="choices" role={control.multiple ? 'group' : 'radiogroup'}>
        {control.choices.map((choice, i) => {
          const on = selected.includes(choice.value);
          const key = keyHint(choice.value);
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
              onClick={() => onChange(pickChoice(control, items, choice.value, newId))}
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

/**
 * A choice's own hotkey works from anywhere and is shown; the first nine choices also answer to their position
 * (1-9) while the control is active, shown only on choices without a hotkey of their own.
 */
export function choicesKeys(control: ChoicesControl): KeyBinding[] {
  const keys: KeyBinding[] = [];
  control.choices.forEach((choice, i) => {
    if (choice.hotkey !== undefined) keys.push({ target: choice.value, key: choice.hotkey, scope: 'always', shown: true });
    if (i < 9) keys.push({ target: choice.value, key: String(i + 1), scope: 'active', shown: choice.hotkey === undefined });
  });
  return keys;
}

export const choicesView: ControlView<ChoicesControl> = {
  View: ChoicesControlView,
  keys: choicesKeys,
  press: pickChoice,
};
