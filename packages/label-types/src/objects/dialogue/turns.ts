import type { DialogueObject } from './schema.js';

/** One turn of a dialogue as the view shows it: who speaks (or null) and what they say, both plain text. */
export interface DialogueTurn {
  speaker: string | null;
  text: string;
}

/** Why the task's value is no dialogue: not a list, or the turn at `index` (0-based) is no object or has no text. */
export type DialogueProblem = { kind: 'notList' } | { kind: 'badTurn'; index: number };

/** A value of a turn as text: strings as they are, numbers written out, anything else is not text (null). */
function turnField(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return null;
}

/**
 * The turns of a dialogue object's data (`[{author, text}, ...]`, or the object's `nameKey`/`textKey`), or the first
 * problem with it. A turn without a speaker is still a turn; a turn without text is a problem, as in Label Studio.
 */
export function dialogueTurns(object: DialogueObject, value: unknown): { turns: DialogueTurn[] } | { problem: DialogueProblem } {
  if (!Array.isArray(value)) return { problem: { kind: 'notList' } };
  const turns: DialogueTurn[] = [];
  for (const [index, turn] of (value as unknown[]).entries()) {
    if (typeof turn !== 'object' || turn === null || Array.isArray(turn)) return { problem: { kind: 'badTurn', index } };
    const fields = turn as Record<string, unknown>;
    const text = turnField(fields[object.textKey]);
    if (text === null) return { problem: { kind: 'badTurn', index } };
    turns.push({ speaker: turnField(fields[object.nameKey]), text });
  }
  return { turns };
}

/** Each speaker's place in the order they first speak: the view's colour and side for them. */
export function speakerOrder(turns: readonly DialogueTurn[]): Map<string, number> {
  const order = new Map<string, number>();
  for (const t of turns) if (t.speaker !== null && !order.has(t.speaker)) order.set(t.speaker, order.size);
  return order;
}
