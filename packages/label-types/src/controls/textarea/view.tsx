import { useRef } from 'react';
import type { ControlView, ControlViewProps } from '../../view-kit.js';
import { leaveOnEscape, useFocusOnActivate } from '../view-focus.js';
import { itemsOfRegion, regionOn, withRegionItems } from '../region-items.js';
import { canAddText, editText, removeText, textsOf, withoutBlankTexts } from './edit.js';
import type { TextareaControl } from './schema.js';
import { ControlFrame } from '../control-frame.js';

/**
 * A textarea control: one box per text of the answer (up to `maxSubmissions`), edited in place, so what is typed is
 * the answer (and its draft) at once. Enter inserts a new line; Esc leaves the box, after which Enter submits.
 * A per-region textarea writes about the selected span (its items carry the span's id) and asks for one otherwise.
 */
export function TextareaControlView({ control, items: allItems, answer, onChange: changeAll, active, onActivate, text, newId: freshId, regionState }: ControlViewProps<TextareaControl>) {
  const box = useRef<HTMLDivElement>(null);
  useFocusOnActivate(active, box, 'textarea');
  const region = control.perRegion === true ? regionOn(answer, control.toName, regionState?.selected, control.name) : undefined;
  const items = region === undefined ? allItems : region === null ? [] : itemsOfRegion(allItems, region);
  const onChange = (next: ReturnType<typeof editText>) => changeAll(region ? withRegionItems(allItems, region, next) : next);
  const newId = region ? () => region : freshId;
  const texts = textsOf(items);
  const shown = texts.length === 0 ? [''] : texts;
  const limit = control.maxSubmissions;
  return (
    <ControlFrame control={control} active={active} onActivate={onActivate} text={text} required={control.required !== false}
      note={
        <>
          {limit !== undefined && limit > 1 && <span className="muted small"> · {text('textareaUpTo', { max: limit })}</span>}
        </>
      }
    >
      {region === null ? (
        <p className="muted small" data-testid={`per-region-select-${control.name}`}>{text('perRegionSelect')}</p>
      ) : (
        <div
          className="textarea-boxes"
          ref={box}
          onBlur={(e) => {
            // Leaving the boxes (not moving between them) drops the blank ones.
            if (!e.currentTarget.contains(e.relatedTarget)) {
              const kept = withoutBlankTexts(control, items, newId);
              if (kept.length !== items.length || textsOf(kept).length !== texts.length) onChange(kept);
            }
          }}
        >
          {shown.map((value, i) => (
            <div className="textarea-box" key={i}>
              <textarea
                value={value}
                rows={control.rows ?? 3}
                placeholder={control.placeholder}
                aria-label={`${control.label ?? control.name}${shown.length > 1 ? ` ${i + 1}` : ''}`}
                data-testid={`textarea-${control.name}-${i + 1}`}
                onChange={(e) => onChange(editText(control, items, i, e.target.value, newId))}
                onKeyDown={leaveOnEscape}
              />
              {shown.length > 1 && (
                <button type="button" className="btn btn-small" title={text('textareaRemove')} aria-label={text('textareaRemove')}
                  data-testid={`textarea-remove-${control.name}-${i + 1}`} onClick={() => onChange(removeText(control, items, i, newId))}>
                  ×
                </button>
              )}
            </div>
          ))}
          <div className="row">
            {canAddText(control, texts) && (
              <button
                type="button"
                className="btn btn-small"
                data-testid={`textarea-add-${control.name}`}
                onClick={() => {
                  onChange(editText(control, items, texts.length, '', newId));
                  // The new box exists after React renders it.
                  requestAnimationFrame(() => box.current?.querySelectorAll('textarea')[texts.length]?.focus());
                }}
              >
                + {text('textareaAdd')}
              </button>
            )}
            <span className="muted small">
              <kbd>Enter</kbd> {text('textareaNewLine')} · <kbd>Esc</kbd> {text('textareaLeave')}
            </span>
          </div>
        </div>
      )}
    </ControlFrame>
  );
}

export const textareaView: ControlView<TextareaControl> = {
  View: TextareaControlView,
  keys: () => [],
  press: (_control, items) => [...items],
};
