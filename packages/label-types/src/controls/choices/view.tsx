import type { ResultItem } from '../../result-item.js';
import type { RegionState } from '../../region-state.js';
import type { ControlView, ControlViewProps, KeyBinding } from '../../view-kit.js';
import { itemsOfRegion, regionOn, withRegionItems } from '../region-items.js';
import { pickChoice, pickedChoices } from './pick.js';
import type { ChoicesControl } from './schema.js';
import { ControlFrame } from '../control-frame.js';

/** One choices control: a row of buttons, each with its key shown; the active control answers the digit keys. */
export function ChoicesControlView({ control, items, answer, onChange, active, onActivate, keyHint, text, newId, regionState }: ControlViewProps<ChoicesControl>) {
  // A per-region control answers about the selected span: its items carry that span's id.
  const region = control.perRegion === true ? regionOn(answer, control.toName, regionState?.selected, control.name) : undefined;
  const own = region === undefined ? items : region === null ? [] : itemsOfRegion(items, region);
  const pick = (value: string) => {
    if (region === undefined) onChange(pickChoice(control, items, value, newId));
    else if (region !== null) onChange(withRegionItems(items, region, pickChoice(control, own, value, () => region)));
  };
  const selected = pickedChoices(own);
  return (
    <ControlFrame control={control} active={active} onActivate={onActivate} text={text} required={control.required !== false}
      note={
        <>
          <span className="muted small"> · {control.multiple ? text('pickMany') : text('pickOne')}</span>
          {region !== undefined && <span className="muted small"> · {text('perRegion')}</span>}
        </>
      }
    >
      {region === null && (
        <p className="muted small" data-testid={`per-region-select-${control.name}`}>{text('perRegionSelect')}</p>
      )}
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
              disabled={region === null}
              onClick={() => pick(choice.value)}
            >
              {key && <kbd>{key}</kbd>}
              <span>{choice.value}</span>
            </button>
          );
        })}
      </div>
    </ControlFrame>
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

/** A key for a choice: a per-region control answers about the selected span, or does nothing without one. */
function actOnChoice(control: ChoicesControl, items: readonly ResultItem[], target: string, state: RegionState, newId: () => string) {
  if (control.perRegion !== true) return { items: pickChoice(control, items, target, newId) };
  const region = state.selected;
  if (!region) return null;
  return { items: withRegionItems(items, region, pickChoice(control, itemsOfRegion(items, region), target, () => region)) };
}

export const choicesView: ControlView<ChoicesControl> = {
  View: ChoicesControlView,
  keys: choicesKeys,
  press: pickChoice,
  act: actOnChoice,
};
