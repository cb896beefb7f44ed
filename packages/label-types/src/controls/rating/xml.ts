import { element, isTrue, numberAttribute, type XmlElement } from '../../xml-element.js';
import { withLabel } from '../options-xml.js';
import type { RatingControl } from './schema.js';

/** `<Rating name toName maxRating required hotkey/>` both ways (`icon` and `size` are looks and are not kept). */
export const ratingXml = {
  fromXml(el: XmlElement, label: string | undefined): Record<string, unknown> {
    const a = el.attributes;
    const control: Record<string, unknown> = { type: 'rating', name: a.name, toName: a.toName, required: isTrue(a.required) };
    if (a.maxRating !== undefined) control.maxRating = numberAttribute(a.maxRating);
    if (a.hotkey !== undefined) control.hotkey = a.hotkey;
    return withLabel(control, label);
  },
  toXml: (c: RatingControl): XmlElement =>
    element('Rating', { name: c.name, toName: c.toName, maxRating: String(c.maxRating), required: String(c.required), hotkey: c.hotkey }),
};
