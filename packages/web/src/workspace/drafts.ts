import type { Answer } from './build-result';

const PREFIX = 'biaozhu.draft.';

/** The answer is saved as the worker makes it, so a reload shows the task as it was left. */
export function loadDraft(assignmentId: number): Answer | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + assignmentId);
    const draft: unknown = raw ? JSON.parse(raw) : null;
    // A draft written before answers were kept as result items (an object of picks) is dropped.
    return Array.isArray(draft) ? (draft as Answer) : null;
  } catch {
    return null;
  }
}

export function saveDraft(assignmentId: number, answer: Answer): void {
  try {
    sessionStorage.setItem(PREFIX + assignmentId, JSON.stringify(answer));
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
