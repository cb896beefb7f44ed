import { describe, expect, it } from 'vitest';
import { canRedo, canUndo, HISTORY_LIMIT, record, redo, startHistory, undo } from './history';

describe('history', () => {
  it('undoes and redoes changes one step at a time', () => {
    let h = startHistory(['a']);
    h = record(h, ['a', 'b']);
    h = record(h, ['a', 'b', 'c']);
    h = undo(h);
    expect(h.present).toEqual(['a', 'b']);
    h = undo(h);
    expect(h.present).toEqual(['a']);
    expect(canUndo(h)).toBe(false);
    expect(undo(h)).toBe(h);
    h = redo(redo(h));
    expect(h.present).toEqual(['a', 'b', 'c']);
    expect(canRedo(h)).toBe(false);
    expect(redo(h)).toBe(h);
  });

  it('drops the undone steps when a new change is made', () => {
    let h = record(record(startHistory(0), 1), 2);
    h = record(undo(h), 5);
    expect(h.present).toBe(5);
    expect(canRedo(h)).toBe(false);
    expect(undo(h).present).toBe(1);
  });

  it('takes no step for the same value, and keeps the newest steps only', () => {
    const start = startHistory({ n: 0 });
    expect(record(start, start.present)).toBe(start);
    let h = startHistory(0);
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) h = record(h, i);
    expect(h.past).toHaveLength(HISTORY_LIMIT);
    while (canUndo(h)) h = undo(h);
    expect(h.present).toBe(10);
  });
});
