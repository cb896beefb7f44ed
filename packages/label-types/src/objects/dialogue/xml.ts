import { dataReference, element, type XmlElement } from '../../xml-element.js';
import type { DialogueObject } from './schema.js';

/**
 * `<Paragraphs name="..." value="$key" nameKey="author" textKey="text" layout="dialogue"/>`. Biaozhu always shows
 * turns as a dialogue, so `layout` is written as `dialogue` and not read; audio attributes are not supported.
 */
export const dialogueXml = {
  fromXml: (el: XmlElement) => {
    const object: Record<string, unknown> = { type: 'dialogue', name: el.attributes.name, value: dataReference(el, 'dialogue') };
    if (el.attributes.nameKey !== undefined) object.nameKey = el.attributes.nameKey;
    if (el.attributes.textKey !== undefined) object.textKey = el.attributes.textKey;
    return object;
  },
  toXml: (object: DialogueObject): XmlElement =>
    element('Paragraphs', { name: object.name, value: `$${object.value}`, nameKey: object.nameKey, textKey: object.textKey, layout: 'dialogue' }),
};
