import type { LabelConfig, LabelControl } from '@biaozhu/contract';
import { viewOf, type CaretMove, type KeyBinding } from '@biaozhu/label-types/views';

export type KeyAction =
  | { type: 'press'; control: LabelControl; target: string }
  | { type: 'submit' }
  | { type: 'skip' }
  | { type: 'focus'; index: number }
  | { type: 'undo' }
  | { type: 'redo' }
  /** Delete or Backspace: remove the selected region. */
  | { type: 'delete' }
  /** Escape: cancel what is being drawn, or the selection. */
  | { type: 'cancel' }
  /** `]` / `[`: select the next or previous region. */
  | { type: 'move'; step: 1 | -1 }
  /** ←/→ (Ctrl: by word), Home/End, with Shift selecting: the caret on the active control's text. */
  | { type: 'caret'; move: CaretMove }
  /** Space: make the waiting region with the armed label. */
  | { type: 'make' };

/** A key as the workspace reads it: `KeyboardEvent.key`, or a chord with Ctrl (Cmd on a Mac): `Mod+z`, `Mod+Shift+z`. */
export const UNDO_KEYS = ['Mod+z'];
export const REDO_KEYS = ['Mod+Shift+z', 'Mod+y'];

/** The caret keys, as use-hotkeys names them (`Mod+` is Ctrl or Cmd). */
const CARET_KEYS: Readonly<Record<string, Omit<CaretMove, 'extend'>>> = {
  ArrowLeft: { by: 'char', step: -1 },
  ArrowRight: { by: 'char', step: 1 },
  'Mod+ArrowLeft': { by: 'word', step: -1 },
  'Mod+ArrowRight': { by: 'word', step: 1 },
  Home: { by: 'edge', step: -1 },
  End: { by: 'edge', step: 1 },
};

function caretMoveOf(key: string): CaretMove | null {
  const extend = key.includes('Shift+');
  const move = CARET_KEYS[key.replace('Shift+', '')];
  return move ? { ...move, extend } : null;
}

const keysOf = (control: LabelControl): KeyBinding[] => viewOf(control)?.keys(control) ?? [];
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Whether some control's `always` key (a choice's own hotkey) takes this key from every `active` binding. */
const takenEverywhere = (config: LabelConfig, key: string) => config.controls.some((c) => keysOf(c).some((b) => b.scope === 'always' && same(b.key, key)));

/**
 * What a key press means in the workspace. Ctrl+Z undoes, Ctrl+Shift+Z and Ctrl+Y redo, Enter submits, Delete and
 * Backspace remove the selected region, Escape cancels, the up/down arrows move between controls, the left/right
 * arrows, Home and End move the text caret (Ctrl: by word; Shift: selecting); then the control
 * views' keys (see KeyBinding): an `always` key of any control wins, then an `active` key of the active control;
 * `]` / `[` move the region selection, Space makes the waiting region with the armed label and S skips when no
 * control took them.
 */
export function resolveKey(config: LabelConfig, activeIndex: number, key: string): KeyAction | null {
  if (UNDO_KEYS.some((k) => same(k, key))) return { type: 'undo' };
  if (REDO_KEYS.some((k) => same(k, key))) return { type: 'redo' };
  const caret = caretMoveOf(key);
  if (caret) return { type: 'caret', move: caret };
  if (key.startsWith('Mod+')) return null;
  if (key === 'Enter') return { type: 'submit' };
  if (key === 'Delete' || key === 'Backspace') return { type: 'delete' };
  if (key === 'Escape') return { type: 'cancel' };
  const count = config.controls.length;
  if (key === 'ArrowDown' && count > 1) return { type: 'focus', index: (activeIndex + 1) % count };
  if (key === 'ArrowUp' && count > 1) return { type: 'focus', index: (activeIndex - 1 + count) % count };
  if (key.length !== 1) return null;
  for (const control of config.controls) {
    const hit = keysOf(control).find((b) => b.scope === 'always' && same(b.key, key));
    if (hit) return { type: 'press', control, target: hit.target };
  }
  const active = config.controls[activeIndex];
  const hit = active && keysOf(active).find((b) => b.scope === 'active' && same(b.key, key));
  if (active && hit) return { type: 'press', control: active, target: hit.target };
  if (/^[1-9]$/.test(key)) return null;
  if (key === ' ') return { type: 'make' };
  if (key === ']') return { type: 'move', step: 1 };
  if (key === '[') return { type: 'move', step: -1 };
  if (same(key, 's')) return { type: 'skip' };
  return null;
}

/** The key shown on a control's option: its own key, or its `active` key while the control is active and the key is free. */
export function keyHint(config: LabelConfig, control: LabelControl, target: string, active: boolean): string | null {
  const bindings = keysOf(control).filter((b) => b.target === target && b.shown);
  const own = bindings.find((b) => b.scope === 'always');
  if (own) return own.key.toUpperCase();
  const positional = active ? bindings.find((b) => b.scope === 'active') : undefined;
  return positional && !takenEverywhere(config, positional.key) ? positional.key.toUpperCase() : null;
}
