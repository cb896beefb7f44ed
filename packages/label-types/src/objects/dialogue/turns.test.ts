import { describe, expect, it } from 'vitest';
import { dialogueObjectSchema } from './schema.js';
import { dialogueTurns, speakerOrder } from './turns.js';

const object = dialogueObjectSchema.parse({ type: 'dialogue', name: 'chat', value: 'dialogue' });
const roles = dialogueObjectSchema.parse({ type: 'dialogue', name: 'chat', value: 'messages', nameKey: 'role', textKey: 'content' });

describe('dialogue turns', () => {
  it("reads Label Studio's turns, speakers in the order they first speak", () => {
    const read = dialogueTurns(object, [
      { author: '客服', text: '您好，请问有什么可以帮您？' },
      { author: 'user', text: '快递还没到' },
      { author: '客服', text: '<b>马上</b>查询' },
    ]);
    expect(read).toEqual({
      turns: [
        { speaker: '客服', text: '您好，请问有什么可以帮您？' },
        { speaker: 'user', text: '快递还没到' },
        { speaker: '客服', text: '<b>马上</b>查询' },
      ],
    });
    if ('turns' in read) expect([...speakerOrder(read.turns)]).toEqual([['客服', 0], ['user', 1]]);
  });

  it("uses the object's own keys, and keeps a turn without a speaker", () => {
    expect(dialogueTurns(roles, [{ role: 'assistant', content: 'hi' }, { content: 42 }])).toEqual({
      turns: [{ speaker: 'assistant', text: 'hi' }, { speaker: null, text: '42' }],
    });
  });

  it('names what is wrong: no list, or which turn has no text', () => {
    expect(dialogueTurns(object, 'hello')).toEqual({ problem: { kind: 'notList' } });
    expect(dialogueTurns(object, { author: 'a', text: 'b' })).toEqual({ problem: { kind: 'notList' } });
    expect(dialogueTurns(object, [{ author: 'a', text: 'b' }, 'loose text'])).toEqual({ problem: { kind: 'badTurn', index: 1 } });
    expect(dialogueTurns(roles, [{ role: 'a', text: 'the wrong key' }])).toEqual({ problem: { kind: 'badTurn', index: 0 } });
    expect(dialogueTurns(object, [{ author: 'a', text: { html: '<b>x</b>' } }])).toEqual({ problem: { kind: 'badTurn', index: 0 } });
  });
});
