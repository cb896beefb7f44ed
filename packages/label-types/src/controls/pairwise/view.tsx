import type { ControlView, ControlViewProps } from '../../view-kit.js';
import { pairwiseKeys, pickedSide, pickSide, type Side } from './pick-side.js';
import type { PairwiseControl } from './schema.js';
import { sideContent } from './sides.js';
import { ControlFrame } from '../control-frame.js';

/** Text of an HTML value, read by an inert document (no scripts run, nothing is loaded). */
const htmlToText = (html: string) => new DOMParser().parseFromString(html, 'text/html').body.textContent ?? '';

/**
 * A pairwise control: its two objects side by side, each shown by this view as plain text (the workspace leaves
 * them out of the task, see `showsObjects`); 1 picks the left, 2 the right, pressing the picked side again takes
 * the pick back.
 */
export function PairwiseControlView({ control, items, objects, data, onChange, active, onActivate, keyHint, text, newId }: ControlViewProps<PairwiseControl>) {
  const picked = pickedSide(items);
  const sides: [Side, string][] = [
    ['left', control.toName[0]],
    ['right', control.toName[1]],
  ];
  return (
    <ControlFrame control={control} active={active} onActivate={onActivate} text={text} required={control.required !== false}
      note={
        <>
          <span className="muted small"> · {text('pairwisePickBetter')}</span>
        </>
      }
    >
      <div className="pairwise" role="radiogroup" aria-label={control.label ?? control.name}>
        {sides.map(([side, objectName]) => {
          const content = sideContent(objectName, objects, data, htmlToText);
          const on = picked === side;
          const key = keyHint(side);
          return (
            <button
              key={side}
              type="button"
              role="radio"
              aria-checked={on}
              className={`pairwise-side${on ? ' pairwise-side-on' : ''}`}
              data-testid={`pairwise-${control.name}-${side}`}
              data-object={objectName}
              onClick={() => onChange(pickSide(control, items, side, newId))}
            >
              <span className="pairwise-head">
                {key && <kbd>{key}</kbd>}
                <span className="strong">{text(side === 'left' ? 'pairwiseLeft' : 'pairwiseRight')}</span>
                {content.title !== null && <span className="muted small">{content.title}</span>}
                {on && <span className="pairwise-badge">{text('pairwisePicked')}</span>}
              </span>
              <span className="pairwise-text" data-testid={`object-${objectName}`}>{content.text}</span>
            </button>
          );
        })}
      </div>
    </ControlFrame>
  );
}

export const pairwiseView: ControlView<PairwiseControl> = {
  View: PairwiseControlView,
  keys: pairwiseKeys,
  press: pickSide,
  showsObjects: (control) => control.toName,
};
