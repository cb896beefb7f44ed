import type { LabelConfig } from '@biaozhu/contract';
import { NO_REGION_STATE, type RegionState } from '@biaozhu/label-types/views';
import { describe, expect, it } from 'vitest';
import { buildResult, pressWith, viewItemsOf, withItems, type Answer } from './build-result';
import { cancelStep, caretObjectOf, caretStep, makeWithArmed, clickRegion, deleteSelected, drawRegion, marksOn, moveSelection, stateFor } from './regions';

const config: LabelConfig = {
  objects: [{ type: 'text', name: 'text', value: 'text' }],
  controls: [
    { type: 'labels', name: 'ner', toName: 'text', multiple: false, required: false, labels: [{ value: 'PER' }, { value: 'ORG' }] },
    { type: 'relations', name: 'relations', multiple: true, labels: [{ value: 'works_for' }] },
  ],
};
const [ner, relations] = config.controls as [LabelConfig['controls'][0], LabelConfig['controls'][0]];
let n = 0;
const newId = () => `r${++n}`;
const zhang = { start: 0, end: 2, text: '张三' };
const tencent = { start: 4, end: 6, text: '腾讯' };

/** Two spans made the two ways: PER armed then selected; 腾讯 selected then labelled ORG by its key. */
function twoSpans() {
  const armed: RegionState = { ...NO_REGION_STATE, ...pressWith([], ner, 'PER', NO_REGION_STATE, newId)!.state };
  let step = drawRegion(config, [], armed, 0, 'text', zhang, newId);
  step = drawRegion(config, step.answer, { ...step.state, armed: {} }, 0, 'text', tencent, newId);
  expect(step.answer).toHaveLength(1);
  expect(step.state.drawn).toEqual({ object: 'text', value: tencent });
  const pressed = pressWith(step.answer, ner, 'ORG', step.state, newId)!;
  return { answer: pressed.answer, state: { ...step.state, ...pressed.state } };
}

describe('regions in the workspace', () => {
  it('makes spans with an armed label or a label key after the selection', () => {
    const { answer, state } = twoSpans();
    expect(answer.map((e) => ('value' in e ? e.value : e))).toEqual([
      { ...zhang, labels: ['PER'] },
      { ...tencent, labels: ['ORG'] },
    ]);
    expect(state.drawn).toBeNull();
    expect(marksOn(config, answer, state, 'text').map((m) => m.caption)).toEqual(['PER', 'ORG']);
  });

  it('relates two spans by keys (] R ] R) or by clicking the second, and deletes a span with its relations', () => {
    const { answer } = twoSpans();
    const [per, org] = answer.map((e) => ('id' in e ? e.id : '')) as [string, string];
    let state: RegionState = moveSelection(config, answer, NO_REGION_STATE, 1)!;
    expect(state.selected).toBe(per);
    state = { ...state, ...pressWith(answer, relations, 'link', state, newId)!.state };
    expect(state.linking).toEqual({ control: 'relations', from: per });
    state = moveSelection(config, answer, state, 1)!;
    const joined = pressWith(answer, relations, 'link', state, newId)!;
    const relation = { type: 'relation', from_id: per, to_id: org, direction: 'right', labels: [] };
    expect(joined.answer).toContainEqual(relation);

    const clicked = clickRegion(config, answer, { ...NO_REGION_STATE, linking: { control: 'relations', from: per } }, org, newId);
    expect(clicked.answer).toContainEqual(relation);
    expect(clicked.state.linking).toBeNull();

    // Removed from the span list (the view's onChange), a span takes its relations and per-region items along.
    const note = { id: org, from_name: 'note', to_name: 'text', type: 'textarea', value: { start: 4, end: 6, text: ['a company'] } };
    const withNote = [...joined.answer, note];
    const listed = withItems(withNote, ner, viewItemsOf(withNote, ner).filter((i) => 'id' in i && i.id !== org));
    expect(listed.map((e) => ('id' in e ? e.id : e.type))).toEqual([per]);

    const deleted = deleteSelected(joined.answer, { ...NO_REGION_STATE, selected: org })!;
    expect(buildResult(config, deleted.answer).map((e) => ('id' in e ? e.id : e.type))).toEqual([per]);
    expect(deleteSelected(deleted.answer, NO_REGION_STATE)).toBeNull();
  });

  it('selects and unselects by clicking, cancels with Escape, and forgets a selection undone away', () => {
    const { answer } = twoSpans();
    const per = (answer[0] as { id: string }).id;
    const selected = clickRegion(config, answer, NO_REGION_STATE, per, newId).state;
    expect(selected.selected).toBe(per);
    expect(clickRegion(config, answer, selected, per, newId).state.selected).toBeNull();
    expect(cancelStep(selected)).toMatchObject({ selected: null });
    expect(cancelStep(NO_REGION_STATE)).toBeNull();
    const earlier: Answer = answer.slice(1);
    expect(stateFor(earlier, selected).selected).toBeNull();
  });
});

describe('the text caret in the workspace', () => {
  const data = { text: '张三在😀腾讯工作' };
  const char = (step: 1 | -1, extend = false) => ({ by: 'char' as const, step, extend });
  const keys = (moves: ReturnType<typeof char>[], from: RegionState = NO_REGION_STATE, active = 0) =>
    moves.reduce<RegionState | null>((state, move) => state && caretStep(config, data, state, active, move), from);

  it('moves only while a control drawing on the text is active', () => {
    expect(caretObjectOf(config, 0)).toBe('text');
    expect(caretObjectOf(config, 1)).toBeNull();
    expect(keys([char(1)], NO_REGION_STATE, 1)).toBeNull();
  });

  it('selects with Shift into the region waiting for a label, which a label key then makes a span of', () => {
    const state = keys([char(1), char(1), char(1), char(1), char(1, true), char(1, true)])!;
    expect(state.caret).toEqual({ object: 'text', at: 6, anchor: 4 });
    expect(state.drawn).toEqual({ object: 'text', value: tencent });
    const pressed = pressWith([], ner, 'ORG', state, newId)!;
    expect(pressed.answer.map((e) => ('value' in e ? e.value : e))).toEqual([{ ...tencent, labels: ['ORG'] }]);
    // Once labelled, Shift starts a new selection at the caret rather than at the old anchor.
    const next = keys([char(1, true)], { ...state, ...pressed.state })!;
    expect(next.drawn).toEqual({ object: 'text', value: { start: 6, end: 7, text: '工' } });
  });

  it('drops the selection on a move without Shift, and Esc drops it as a mouse selection', () => {
    const selected = keys([char(1, true), char(1, true)])!;
    expect(selected.drawn).toEqual({ object: 'text', value: zhang });
    expect(keys([char(1)], selected)!.drawn).toBeNull();
    expect(cancelStep(selected)!.drawn).toBeNull();
  });

  it('makes the selection with the armed label on Space, and does nothing without one', () => {
    const selected = keys([char(1, true), char(1, true)])!;
    expect(makeWithArmed(config, [], selected, 0, newId)).toBeNull();
    const armed = { ...selected, armed: { ner: 'PER' } };
    const made = makeWithArmed(config, [], armed, 0, newId)!;
    expect(made.answer.map((e) => ('value' in e ? e.value : e))).toEqual([{ ...zhang, labels: ['PER'] }]);
    expect(made.state.drawn).toBeNull();
    expect(makeWithArmed(config, made.answer, made.state, 0, newId)).toBeNull();
  });

  it('extends a mouse selection from its start', () => {
    const drawn = drawRegion(config, [], NO_REGION_STATE, 0, 'text', zhang, newId).state;
    expect(keys([char(1, true)], drawn)!.drawn).toEqual({ object: 'text', value: { start: 0, end: 3, text: '张三在' } });
  });
});
