import { z } from 'zod';
import { dataKeySchema, nameSchema } from '../name.js';
import { dataReference, element, type XmlElement } from '../xml-element.js';

/** The schema of an object that shows one task data field as it is (text, image URL, HTML). */
export function dataObjectSchema<T extends string>(type: T) {
  return z.object({
    type: z.literal(type),
    name: nameSchema,
    /** Key of the task's `data` that holds what is shown (Label Studio's `value="$key"`). */
    value: dataKeySchema,
  });
}

/** The Label Studio mapping of such an object: `<Tag name="..." value="$key"/>`, other attributes ignored. */
export function dataObjectXml<T extends string>(type: T, tag: string) {
  return {
    fromXml: (el: XmlElement) => ({ type, name: el.attributes.name, value: dataReference(el, type) }),
    toXml: (object: { name: string; value: string }): XmlElement => element(tag, { name: object.name, value: `$${object.value}` }),
  };
}
