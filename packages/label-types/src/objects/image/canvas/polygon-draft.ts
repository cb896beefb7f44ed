import type { Point } from './viewport.js';

/**
 * A polygon being drawn: each click adds a vertex; a click on the first vertex (within `closeRadius` image pixels),
 * a double click or Enter closes it once it has three vertices. Pure, so the canvas keeps it in a ref and never
 * re-renders React per click or mouse move.
 */
export type DraftStep = { kind: 'open'; points: Point[] } | { kind: 'closed'; points: Point[] };

export const MIN_POLYGON_POINTS = 3;

const near = (a: Point, b: Point, radius: number) => Math.hypot(a.x - b.x, a.y - b.y) <= radius;

/** The draft after a click at `at`: one vertex more, or closed when the click was on the first vertex. */
export function clickDraft(points: readonly Point[], at: Point, closeRadius: number): DraftStep {
  const first = points[0];
  if (first && points.length >= MIN_POLYGON_POINTS && near(first, at, closeRadius)) return { kind: 'closed', points: [...points] };
  const last = points[points.length - 1];
  // A double click lands twice on the same spot: one vertex.
  if (last && near(last, at, closeRadius / 4)) return { kind: 'open', points: [...points] };
  return { kind: 'open', points: [...points, at] };
}

/** The draft closed (Enter, double click), or null with fewer than three vertices. */
export function closeDraft(points: readonly Point[]): Point[] | null {
  return points.length >= MIN_POLYGON_POINTS ? [...points] : null;
}
