import type { LabelConfig } from '@biaozhu/contract';
import { describe, expect, it } from 'vitest';
import { describeOrphans, onlyAdds, OrphanTally, type StoredAnswer } from './config-compatibility.js';
import { labelStudioXmlToConfig } from './label-studio-xml.js';

const sentiment = (choices: string, control = 'sentiment', toName = 'text') =>
  labelStudioXmlToConfig(`<View>
  <Text name="text" value="$text"/>
  <Text name="title" value="$title"/>
  <Choices name="${control}" toName="${toName}">${choices}</Choices>
</View>`);
const three = sentiment('<Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/>');

const answer = (taskId: number, choice: string): StoredAnswer => ({
  taskId,
  data: { text: 'good', title: 't' },
  result: [{ from_name: 'sentiment', to_name: 'text', type: 'choices', value: { choices: [choice] } }],
});

function tally(before: LabelConfig, after: LabelConfig, answers: StoredAnswer[]) {
  const t = new OrphanTally(before, after);
  answers.forEach((a) => t.add(a));
  return t.uses();
}

describe('what a config change takes away from answers', () => {
  it('allows additions: a new choice, a new control, a new object', () => {
    const more = labelStudioXmlToConfig(`<View>
  <Text name="text" value="$text"/>
  <Text name="title" value="$title"/>
  <Text name="extra" value="$extra"/>
  <Choices name="sentiment" toName="text"><Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/><Choice value="Mixed"/></Choices>
  <TextArea name="note" toName="text"/>
</View>`);
    expect(onlyAdds(three, more)).toBe(false); // the choices list changed, so answers are read...
    expect(tally(three, more, [answer(1, 'Neutral'), answer(2, 'Positive')])).toEqual([]); // ...and none loses anything
    expect(onlyAdds(three, { ...three, controls: [...three.controls, { type: 'textarea', name: 'note', toName: 'text', required: false }] })).toBe(true);
  });

  it('refuses removing a choice answers use, naming the choice, the control and the tasks', () => {
    const uses = tally(three, sentiment('<Choice value="Positive"/><Choice value="Negative"/>'), [answer(1, 'Neutral'), answer(2, 'Positive'), answer(3, 'Neutral')]);
    expect(uses).toEqual([expect.objectContaining({ control: 'sentiment', code: 'unknown_choice', value: 'Neutral', answers: 2, taskIds: [1, 3] })]);
    expect(describeOrphans(uses)).toContain('"Neutral" is not a choice of control "sentiment"');
    expect(describeOrphans(uses)).toContain('2 answers use it (tasks 1, 3)');
    expect(describeOrphans([{ ...uses[0]!, answers: 1, taskIds: [1] }])).toContain('1 answer uses it (task 1)');
  });

  it('allows removing a choice nobody picked', () => {
    expect(tally(three, sentiment('<Choice value="Positive"/><Choice value="Neutral"/>'), [answer(1, 'Neutral'), answer(2, 'Positive')])).toEqual([]);
  });

  it('refuses renaming a control and pointing it at another object', () => {
    const renamed = tally(three, sentiment('<Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/>', 'mood'), [answer(1, 'Neutral')]);
    expect(renamed).toEqual([expect.objectContaining({ control: 'sentiment', code: 'unknown_control', answers: 1 })]);
    const moved = tally(three, sentiment('<Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/>', 'sentiment', 'title'), [answer(1, 'Neutral')]);
    expect(moved).toEqual([expect.objectContaining({ control: 'sentiment', code: 'wrong_object' })]);
  });

  it('refuses removing a span label and the relations control of a NER config (native JSON dialect)', () => {
    const ner: LabelConfig = {
      objects: [{ type: 'text', name: 'text', value: 'text' }],
      controls: [
        { type: 'labels', name: 'ner', toName: 'text', labels: [{ value: 'PER' }, { value: 'ORG' }], multiple: false, required: false },
        { type: 'relations', name: 'relations', labels: [], multiple: true },
      ],
    };
    const spans: StoredAnswer = {
      taskId: 7,
      data: { text: '张三在腾讯工作' },
      result: [
        { id: 'a', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 0, end: 2, text: '张三', labels: ['PER'] } },
        { id: 'b', from_name: 'ner', to_name: 'text', type: 'labels', value: { start: 3, end: 5, text: '腾讯', labels: ['ORG'] } },
        { from_id: 'a', to_id: 'b', type: 'relation', direction: 'right' },
      ],
    };
    expect(tally(ner, ner, [spans])).toEqual([]);
    const [labels, relations] = ner.controls;
    const noOrg = { ...ner, controls: [{ ...labels, labels: [{ value: 'PER' }] }, relations] } as LabelConfig;
    expect(tally(ner, noOrg, [spans])).toEqual([expect.objectContaining({ control: 'ner', code: 'unknown_label', value: 'ORG', taskIds: [7] })]);
    const noRelations = { ...ner, controls: [labels] } as LabelConfig;
    expect(tally(ner, noRelations, [spans])).toEqual([expect.objectContaining({ control: 'relations', code: 'unknown_control' })]);
  });

  it('does not count a new required control as orphaning', () => {
    const required = labelStudioXmlToConfig(`<View>
  <Text name="text" value="$text"/>
  <Text name="title" value="$title"/>
  <Choices name="sentiment" toName="text"><Choice value="Positive"/><Choice value="Negative"/><Choice value="Neutral"/></Choices>
  <TextArea name="why" toName="text" required="true"/>
</View>`);
    expect(tally(three, required, [answer(1, 'Neutral')])).toEqual([]);
  });
});
