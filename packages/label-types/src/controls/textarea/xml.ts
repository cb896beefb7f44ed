import { element, isTrue, numberAttribute, type XmlElement } from '../../xml-element.js';
import { withLabel } from '../options-xml.js';
import type { TextareaControl } from './schema.js';

/** `<TextArea name toName required perRegion maxSubmissions placeholder rows/>` both ways; Label Studio's default is not required. */
export const textareaXml = {
  fromXml(el: XmlElement, label: string | undefined): Record<string, unknown> {
    const a = el.attributes;
    const control: Record<string, unknown> = { type: 'textarea', name: a.name, toName: a.toName, required: isTrue(a.required) };
    if (isTrue(a.perRegion)) control.perRegion = true;
    if (a.maxSubmissions !== undefined) control.maxSubmissions = numberAttribute(a.maxSubmissions);
    if (a.rows !== undefined) control.rows = numberAttribute(a.rows);
    if (a.placeholder !== undefined) control.placeholder = a.placeholder;
    return withLabel(control, label);
  },
  toXml: (c: TextareaControl): XmlElement =>
    element('TextArea', {
      name: c.name,
      toName: c.toName,
      required: String(c.required),
      perRegion: c.perRegion === true ? 'true' : undefined,
      maxSubmissions: c.maxSubmissions?.toString(),
      placeholder: c.placeholder,
      rows: c.rows?.toString(),
    }),
};
