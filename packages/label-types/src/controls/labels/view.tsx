import type { ControlView, ControlViewProps, KeyBinding } from '../../view-kit.js';
import { drawSpan, labelColor, labelKey, pressLabel, spanMarks, spansInOrder } from './edit.js';
import type { LabelsControl } from './schema.js';
import { ControlFrame } from '../control-frame.js';
import { LabelToolbar } from '../label-toolbar.js';

/**
 * A labels control: its labels as buttons (key shown; the armed one pressed), and the list of its spans. Spans are
 * made on the text object: select text with a label armed, or select first and press a label key.
 */
export function LabelsControlView({ control, items, active, onActivate, keyHint, text, newId, onChange, regionState, onRegionState }: ControlViewProps<LabelsControl>) {
  const armed = regionState?.armed[control.name];
  const selected = regionState?.selected ?? null;
  const spans = spansInOrder(items);
  const press = (label: string) => {
    if (!regionState || !onRegionState) return;
    const outcome = labelKey(control, items, label, regionState, newId);
    if (outcome.items) onChange(outcome.items);
    if (outcome.state) onRegionState(outcome.state);
  };
  return (
    <ControlFrame control={control} active={active} onActivate={onActivate} text={text} required={control.required === true}
      note={
        <>
          <span className="muted small"> · {text('spanHowTo')}</span>
        </>
      }
    >
      <LabelToolbar name={control.name} labels={control.labels} armed={armed} keyHint={keyHint} color={(value) => labelColor(control, value)} press={press} />
      {regionState?.drawn && regionState.drawn.object === control.toName && (
        <p className="muted small" data-testid={`span-waiting-${control.name}`}>
          {text('spanWaiting', { text: typeof regionState.drawn.value.text === 'string' ? regionState.drawn.value.text : '' })}
        </p>
      )}
      {spans.length === 0 ? (
        <p className="muted small" data-testid={`spans-${control.name}-empty`}>{text('noSpans')}</p>
      ) : (
        <ul className="region-list" data-testid={`spans-${control.name}`}>
          {spans.map((span) => (
            <li key={span.id} className={span.id === selected ? 'region-selected' : undefined} data-testid={`span-${span.id}`} data-region={span.id}>
              <button
                type="button"
                className="region-pick"
                aria-pressed={span.id === selected}
                title={text('spanSelect')}
                onClick={() => onRegionState?.({ selected: span.id === selected ? null : span.id })}
              >
                <span className="region-swatch" style={{ background: labelColor(control, span.labels[0] ?? '') }} />
                <span className="region-caption">{span.labels.join(', ')}</span>
                <span className="region-text">{span.text}</span>
                <span className="muted small">{span.start}–{span.end}</span>
              </button>
              <button
                type="button"
                className="btn-link region-delete"
                title={text('regionDelete')}
                aria-label={text('regionDelete')}
                data-testid={`span-delete-${span.id}`}
                onClick={() => onChange(items.filter((i) => i.id !== span.id))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
    </ControlFrame>
  );
}

/**
 * A label's own hotkey works from anywhere and is shown; the first nine labels also answer to their position (1-9)
 * while the control is active, shown only on labels without a hotkey of their own.
 */
export function labelsKeys(control: LabelsControl): KeyBinding[] {
  const keys: KeyBinding[] = [];
  control.labels.forEach((label, i) => {
    if (label.hotkey !== undefined) keys.push({ target: label.value, key: label.hotkey, scope: 'always', shown: true });
    if (i < 9) keys.push({ target: label.value, key: String(i + 1), scope: 'active', shown: label.hotkey === undefined });
  });
  return keys;
}

export const labelsView: ControlView<LabelsControl> = {
  View: LabelsControlView,
  keys: labelsKeys,
  press: pressLabel,
  act: labelKey,
  regions: {
    objects: (control) => [control.toName],
    marks: spanMarks,
    draw: drawSpan,
  },
};
