import { childrenOf, element, isTrue, numberAttribute, XmlMappingError, type XmlElement } from '../../xml-element.js';
import { withLabel } from '../options-xml.js';
import type { TaxonomyControl, TaxonomyNode } from './schema.js';

function nodeFrom(el: XmlElement): Record<string, unknown> {
  const a = el.attributes;
  const node: Record<string, unknown> = { value: a.alias ?? a.value };
  if (a.hint !== undefined) node.hint = a.hint;
  const children = childrenOf(el, ['Choice']);
  if (children.length > 0) node.children = children.map(nodeFrom);
  return node;
}

const nodeXml = (node: TaxonomyNode): XmlElement => element('Choice', { value: node.value, hint: node.hint }, (node.children ?? []).map(nodeXml));

/**
 * `<Taxonomy name toName leafsOnly maxUsages required placeholder>` with nested `<Choice value alias hint>`; a path in
 * a result is the list of values (aliases) from the root. Trees loaded from `apiUrl` are not supported.
 */
export const taxonomyXml = {
  fromXml(el: XmlElement, label: string | undefined): Record<string, unknown> {
    const a = el.attributes;
    if (a.apiUrl !== undefined) {
      const at = el.at ?? el.tag;
      throw new XmlMappingError('bad_label_config', `${at}: apiUrl (a taxonomy loaded from a server) is not supported; list the <Choice>s in the config`, { path: at }, {
        code: 'taxonomy_api_url',
        params: { path: at },
      });
    }
    const control: Record<string, unknown> = {
      type: 'taxonomy',
      name: a.name,
      toName: a.toName,
      choices: childrenOf(el, ['Choice']).map(nodeFrom),
      required: isTrue(a.required),
    };
    if (isTrue(a.leafsOnly)) control.leafsOnly = true;
    if (a.maxUsages !== undefined) control.maxUsages = numberAttribute(a.maxUsages);
    if (a.placeholder !== undefined) control.placeholder = a.placeholder;
    return withLabel(control, label);
  },
  toXml: (c: TaxonomyControl): XmlElement =>
    element(
      'Taxonomy',
      {
        name: c.name,
        toName: c.toName,
        leafsOnly: c.leafsOnly === true ? 'true' : undefined,
        maxUsages: c.maxUsages?.toString(),
        required: String(c.required),
        placeholder: c.placeholder,
      },
      c.choices.map(nodeXml),
    ),
};
