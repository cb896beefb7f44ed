import type { ChoicesControl, LabelConfig } from '@biaozhu/contract';

export type KeyAction =
  | { type: 'pick'; control: ChoicesControl; value: string }
  | { type: 'submit' }
  | { type: 'skip' }
  | { type: 'focus'; index: number };

/**
 * What a key press means in the workspace. A choice's own hotkey wins; otherwise 1-9 pick the n-th choice of
 * the active control, Enter submits, S skips, and the up/down arrows move between controls.
 */
export function resolveKey(config: LabelConfig, activeIndex: number, key: string): KeyAction | null {
  if (key === 'Enter') return { type: 'submit' };
  const count = config.controls.length;
  if (key === 'ArrowDown' && count > 1) return { type: 'focus', index: (activeIndex + 1) % count };
  if (key === 'ArrowUp' && count > 1) return { type: 'focus', index: (activeIndex - 1 + count) % count };
  if (key.length !== 1) return null;
  const lower = key.toLowerCase();
  for (const control of config.controls) {
    const hit = control.choices.find((c) => c.hotkey !== undefined && c.hotkey.toLowerCase() === lower);
    if (hit) return { type: 'pick', control, value: hit.value };
  }
  if (/^[1-9]$/.test(key)) {
    const control = config.controls[activeIndex];
    const choice = control?.choices[Number(key) - 1];
    if (control && choice) return { type: 'pick', control, value: choice.value };
    return null;
  }
  if (lower === 's') return { type: 'skip' };
  return null;
}

/** The key shown on a choice's button: its own hotkey, or its position when that digit is free. */
export function keyLabel(config: LabelConfig, control: ChoicesControl, index: number, active: boolean): string | null {
  const own = control.choices[index]?.hotkey;
  if (own) return own.toUpperCase();
  if (!active || index >= 9) return null;
  const digit = String(index + 1);
  const taken = config.controls.some((c) => c.choices.some((ch) => ch.hotkey === digit));
  return taken ? null : digit;
}
