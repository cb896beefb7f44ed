import type { ReactNode } from 'react';
import type { ViewText } from '../view-kit.js';

export interface ControlFrameProps {
  control: { name: string; label?: string | undefined };
  active: boolean;
  onActivate: () => void;
  text: ViewText;
  /** Whether the legend shows the required mark (each control type has its own default). */
  required: boolean;
  /** The caption when the config gives the control no label (default: its name). */
  caption?: string;
  /** What the legend says after the caption: the control's hint or state. */
  note?: ReactNode;
  children: ReactNode;
}

/**
 * The frame every control view sits in: a fieldset that makes the control the active one when it is focused or
 * pressed, found by `control-<name>`, with a legend of its label, the required mark and the control's own note.
 */
export function ControlFrame({ control, active, onActivate, text, required, caption, note, children }: ControlFrameProps) {
  return (
    <fieldset className={`control${active ? ' control-active' : ''}`} data-testid={`control-${control.name}`} onFocus={onActivate} onMouseDown={onActivate}>
      <legend>
        {control.label ?? caption ?? control.name}
        {required && (
          <span className="required" title={text('required')}>
            *
          </span>
        )}
        {note}
      </legend>
      {children}
    </fieldset>
  );
}
