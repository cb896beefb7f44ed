import { element, isTrue, numberAttribute, type XmlElement } from '../../xml-element.js';
import { withLabel } from '../options-xml.js';
import type { NumberControl } from './schema.js';

/** `<Number name toName min max step required perRegion/>` both ways (`slider` and `defaultValue` are not kept). */
export const numberXml = {
  fromXml(el: XmlElement, label: string | undefined): Record<string, unknown> {
    const a = el.attributes;
    const control: Record<string, unknown> = { type: 'number', name: a.name, toName: a.toName, required: isTrue(a.required) };
    for (const key of ['min', 'max', 'step'] as const) if (a[key] !== undefined) control[key] = numberAttribute(a[key]);
    if (isTrue(a.perRegion)) control.perRegion = true;
    return withLabel(control, label);
  },
  toXml: (c: NumberControl): XmlElement =>
    element('Number', { name: c.name, toName: c.toName, min: c.min?.toString(), max: c.max?.toString(), step: c.step?.toString(), required: String(c.required), perRegion: c.perRegion === true ? 'true' : undefined }),
};
