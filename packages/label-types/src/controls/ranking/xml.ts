import { childrenOf, element, isTrue, refuseNesting, type XmlElement } from '../../xml-element.js';
import { withLabel } from '../options-xml.js';
import type { RankingControl } from './schema.js';

/**
 * `<Ranker name toName>` with optional `<Bucket name title default/>` children, both ways. Label Studio's tag has no
 * `required`; an imported one is required unless it says `required="false"` (kept for a round trip).
 */
export const rankingXml = {
  fromXml(el: XmlElement, label: string | undefined): Record<string, unknown> {
    const buckets = childrenOf(el, ['Bucket']).map((child) => {
      refuseNesting(el, child);
      const b = child.attributes;
      const bucket: Record<string, unknown> = { name: b.name };
      if (b.title !== undefined) bucket.title = b.title;
      if (isTrue(b.default)) bucket.default = true;
      return bucket;
    });
    const control: Record<string, unknown> = { type: 'ranking', name: el.attributes.name, toName: el.attributes.toName, required: el.attributes.required !== 'false' };
    if (buckets.length > 0) control.buckets = buckets;
    return withLabel(control, label);
  },
  toXml: (c: RankingControl): XmlElement =>
    element(
      'Ranker',
      { name: c.name, toName: c.toName, required: c.required ? undefined : 'false' },
      (c.buckets ?? []).map((b) => element('Bucket', { name: b.name, title: b.title, default: b.default === true ? 'true' : undefined })),
    ),
};
