import { useEffect, useRef, type RefObject } from 'react';

/**
 * Puts the focus in a view's box (`selector` inside `container`, or the container) when its control becomes the active one (↑/↓ in the workspace), so a worker types
 * at once; Esc gives the keys back to the workspace. Not on the first render: a task opening must not swallow the
 * workspace keys (Enter, S) in a box the worker did not choose.
 */
export function useFocusOnActivate(active: boolean, container: RefObject<HTMLElement | null>, selector?: string): void {
  const was = useRef(active);
  useEffect(() => {
    const box = container.current;
    if (active && !was.current && box && !box.contains(document.activeElement)) {
      (selector === undefined ? box : box.querySelector<HTMLElement>(selector))?.focus();
    }
    was.current = active;
  }, [active, container, selector]);
}

/** Esc in a view's box leaves it, so the workspace keys (Enter submits, ↑/↓, S) work again. */
export function leaveOnEscape(event: { key: string; currentTarget: HTMLElement; stopPropagation(): void }): void {
  if (event.key !== 'Escape') return;
  event.currentTarget.blur();
  event.stopPropagation();
}

/** Whether a key event is typed into a field (where a view's own window keys must not act). */
export function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT' || target.isContentEditable;
}
