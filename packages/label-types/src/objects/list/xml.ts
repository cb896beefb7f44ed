import { dataReference, element, type XmlElement } from '../../xml-element.js';
import type { ListObject } from './schema.js';

/** `<List name="..." value="$key" title="..."/>` both ways. */
export const listXml = {
  fromXml: (el: XmlElement) => {
    const object: Record<string, unknown> = { type: 'list', name: el.attributes.name, value: dataReference(el, 'items') };
    if (el.attributes.title !== undefined) object.title = el.attributes.title;
    return object;
  },
  toXml: (object: ListObject): XmlElement => element('List', { name: object.name, value: `$${object.value}`, title: object.title }),
};
