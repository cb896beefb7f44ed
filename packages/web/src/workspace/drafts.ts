import type { Selections } from './build-result';

const PREFIX = 'biaozhu.draft.';

/** Picks are saved as the worker makes them, so a reload shows the task as it was left. */
export function loadDraft(assignmentId: number): Selections | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + assignmentId);
    return raw ? (JSON.parse(raw) as Selections) : null;
  } catch {
    return null;
  }
}

export function saveDraft(assignmentId: number, selections: Selections): void {
  try {
    sessionStorage.setItem(PREFIX + assignmentId, JSON.stringify(selections));
  } catch {
    // storage disabled: the draft lives only in memory
  }
}

export function clearDraft(assignmentId: number): void {
  try {
    sessionStorage.removeItem(PREFIX + assignmentId);
  } catch {
    // nothing to clear
  }
}
