import { describe, expect, it } from 'vitest';
import { el, objectRoundTrip } from '../../test-helpers.js';
import { dialogueObject } from './index.js';

describe('dialogue (Label Studio Paragraphs)', () => {
  it("reads Label Studio's dialogue example with its default keys and writes it back", () => {
    const { native, xml, again } = objectRoundTrip(dialogueObject, el('Paragraphs', { name: 'dialogue-1', value: '$dialogue', layout: 'dialogue' }));
    expect(native).toEqual({ type: 'dialogue', name: 'dialogue-1', value: 'dialogue', nameKey: 'author', textKey: 'text' });
    expect(xml.attributes).toEqual({ name: 'dialogue-1', value: '$dialogue', nameKey: 'author', textKey: 'text', layout: 'dialogue' });
    expect(again).toEqual(native);
  });

  it('keeps other keys for the speaker and the text, and refuses a literal value', () => {
    const { native } = objectRoundTrip(dialogueObject, el('Paragraphs', { name: 'chat', value: '$turns', nameKey: 'role', textKey: 'content' }));
    expect(native).toMatchObject({ nameKey: 'role', textKey: 'content' });
    expect(() => dialogueObject.fromXml(el('Paragraphs', { name: 'chat', value: 'hello' }))).toThrow(/value="\$dialogue"/);
  });
});
