import { element, type XmlElement } from '../../xml-element.js';
import { withLabel } from '../options-xml.js';
import type { PairwiseControl } from './schema.js';

/**
 * `<Pairwise name toName="left,right"/>` both ways. Label Studio's tag has no `required`, so an imported one is
 * required (a comparison task is about the comparison) unless it says `required="false"`, which is written back for a
 * round trip and ignored by Label Studio; `selectionStyle`, `leftClass` and `rightClass` are looks and are not kept.
 */
export const pairwiseXml = {
  fromXml(el: XmlElement, label: string | undefined): Record<string, unknown> {
    const toName = (el.attributes.toName ?? '').split(',').map((n) => n.trim());
    const control: Record<string, unknown> = { type: 'pairwise', name: el.attributes.name, toName, required: el.attributes.required !== 'false' };
    return withLabel(control, label);
  },
  toXml: (c: PairwiseControl): XmlElement => element('Pairwise', { name: c.name, toName: c.toName.join(','), required: c.required ? undefined : 'false' }),
};
