import { useEffect, useRef } from 'react';

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}

/** The keys that move the text caret: named with their Ctrl/Cmd and Shift (a plain key's name drops Shift). */
const CARET_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'Home', 'End']);

/**
 * The key as resolve-key.ts reads it: plain keys as `KeyboardEvent.key`; with Ctrl or Cmd, `Mod+[Shift+]<key>`; the
 * caret keys as `[Mod+][Shift+]ArrowLeft` and so on.
 */
function keyName(e: KeyboardEvent): string | null {
  if (e.altKey) return null;
  if (CARET_KEYS.has(e.key)) return `${e.ctrlKey || e.metaKey ? 'Mod+' : ''}${e.shiftKey ? 'Shift+' : ''}${e.key}`;
  if (!e.ctrlKey && !e.metaKey) return e.key;
  if (e.key.length !== 1) return null;
  return `Mod+${e.shiftKey ? 'Shift+' : ''}${e.key.toLowerCase()}`;
}

/**
 * Calls `handler` for key presses anywhere on the page (plain keys, and Ctrl/Cmd chords as `Mod+z`), except while the
 * worker types in a field, where the browser's own keys (its undo too) apply. The handler returns true when it used
 * the key, which then does nothing else (no scrolling, no button click, no page undo).
 */
export function useHotkeys(handler: (key: string) => boolean, enabled: boolean): void {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || isTyping(e.target)) return;
      const key = keyName(e);
      // Held keys repeat only for undo and redo (going back several steps) and the caret's left and right.
      if (key === null || (e.repeat && !key.startsWith('Mod+') && !/Arrow(Left|Right)$/.test(key))) return;
      if (ref.current(key)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [enabled]);
}
