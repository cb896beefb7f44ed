import { useEffect, useRef, useState } from 'react';
import type { ControlView, ControlViewProps } from '../../view-kit.js';
import { leaveOnEscape, useFocusOnActivate } from '../view-focus.js';
import { numberOf, numberProblem, parseNumberEntry, withNumber } from './entry.js';
import type { NumberControl } from './schema.js';
import { ControlFrame } from '../control-frame.js';
import { itemsOfRegion, regionOn, withRegionItems } from '../region-items.js';

/**
 * A number control: a box with the config's `min`, `max` and `step`. A number out of range is kept in the answer
 * as typed (nothing typed is lost) and the box says what is allowed; the server refuses it on submit all the same.
 * A per-region number is about the selected region (a span, a box): its item carries the region's id, the box
 * shows that region's number, and without a selected region it asks for one.
 */
export function NumberControlView(props: ControlViewProps<NumberControl>) {
  const { control, items: allItems, answer, onChange: changeAll, regionState, text } = props;
  if (control.perRegion !== true) return <NumberBox {...props} />;
  const region = regionOn(answer, control.toName, regionState?.selected, control.name);
  if (region === null) {
    return (
      <ControlFrame control={control} active={props.active} onActivate={props.onActivate} text={text} required={control.required !== false}>
        <p className="muted small" data-testid={`per-region-select-${control.name}`}>{text('perRegionSelect')}</p>
      </ControlFrame>
    );
  }
  // Keyed by the region: what is typed but not yet a number belongs to the region it was typed for.
  return (
    <NumberBox
      key={region}
      {...props}
      items={itemsOfRegion(allItems, region)}
      onChange={(next) => changeAll(withRegionItems(allItems, region, next))}
      newId={() => region}
    />
  );
}

function NumberBox({ control, items, onChange, active, onActivate, text, newId }: ControlViewProps<NumberControl>) {
  const saved = numberOf(items);
  // What is in the box, which may be text that is no number yet ("-", "1e"); the answer holds the last number.
  const [raw, setRaw] = useState(saved === null ? '' : String(saved));
  const [badInput, setBadInput] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useFocusOnActivate(active, box, 'input');
  // The answer changed from outside the box (undo, a draft, a returned answer): the box shows it.
  useEffect(() => {
    if (badInput) return;
    const typed = parseNumberEntry(raw);
    if ((typed.kind === 'number' ? typed.value : null) !== saved) setRaw(saved === null ? '' : String(saved));
    // Only a change of the answer is looked at; the box's own typing already matches it.
  }, [saved]);
  const entry = badInput ? ({ kind: 'invalid' } as const) : parseNumberEntry(raw);
  const problem = numberProblem(control, entry);
  const { min, max, step } = control;
  const range =
    min !== undefined && max !== undefined ? text('numberRange', { min, max }) : min !== undefined ? text('numberAtLeast', { min }) : max !== undefined ? text('numberAtMost', { max }) : null;
  const errorId = `number-${control.name}-problem`;
  return (
    <ControlFrame control={control} active={active} onActivate={onActivate} text={text} required={control.required !== false}
      note={
        <>
          {range !== null && <span className="muted small"> · {range}{step !== undefined ? ` · ${text('numberStep', { step })}` : ''}</span>}
        </>
      }
    >
      <div className="row number-entry" ref={box}>
        <input
          type="number"
          inputMode="decimal"
          value={raw}
          min={min}
          max={max}
          step={step ?? 'any'}
          aria-label={control.label ?? control.name}
          aria-invalid={problem !== null}
          aria-describedby={problem !== null ? errorId : undefined}
          data-testid={`number-${control.name}`}
          onChange={(e) => {
            // A browser hands over '' for text that is no number; validity.badInput tells it from an empty box.
            const bad = e.target.validity.badInput;
            setBadInput(bad);
            setRaw(e.target.value);
            if (bad) return;
            const parsed = parseNumberEntry(e.target.value);
            onChange(withNumber(control, items, parsed.kind === 'number' ? parsed.value : null, newId));
          }}
          onKeyDown={leaveOnEscape}
        />
        <button type="button" className="btn btn-small" disabled={raw === '' && !badInput} data-testid={`number-${control.name}-clear`}
          onClick={() => {
            setRaw('');
            setBadInput(false);
            onChange([]);
          }}>
          {text('numberClear')}
        </button>
      </div>
      {problem !== null && (
        <p className="field-problem" role="alert" id={errorId} data-testid={errorId}>
          {text(problem.word, problem.vars)}
        </p>
      )}
    </ControlFrame>
  );
}

export const numberView: ControlView<NumberControl> = {
  View: NumberControlView,
  keys: () => [],
  press: (_control, items) => [...items],
};
