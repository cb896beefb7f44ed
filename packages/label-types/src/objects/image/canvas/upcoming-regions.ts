import type { SpanMark } from '../../../region-state.js';

/**
 * The regions of the task the workspace holds in hand, by its image's address: what the next image will show.
 *
 * The workspace leases the next task while the worker is on this one (use-annotation-loop.ts) and gives its image
 * view the regions it will open with (`ObjectView.prepare`). The canvas on screen reads them here and paints them
 * into a bitmap while the worker still looks at the current image (region-preview.ts), so the next image shows
 * with its 1,000 regions in one cheap frame after a submit. The last few are kept (the one in hand, a skipped one).
 */

const KEEP = 3;
const upcoming = new Map<string, readonly SpanMark[]>();
const listeners = new Set<(src: string) => void>();

/** The regions an image will open with when its task is shown next. */
export function announceUpcoming(src: string, marks: readonly SpanMark[]): void {
  if (upcoming.get(src) === marks) return;
  upcoming.delete(src);
  upcoming.set(src, marks);
  while (upcoming.size > KEEP) upcoming.delete(upcoming.keys().next().value as string);
  for (const listener of listeners) listener(src);
}

/** The regions announced for an image, if any. */
export function upcomingMarks(src: string): readonly SpanMark[] | undefined {
  return upcoming.get(src);
}

/** Calls `listener` with each image whose upcoming regions are announced; returns the unsubscribe. */
export function onUpcoming(listener: (src: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
