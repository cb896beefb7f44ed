import { element, type XmlElement } from '../../xml-element.js';
import { choiceMode, optionsFromXml, withLabel } from '../options-xml.js';
import type { RelationsControl } from './schema.js';

const DEFAULT_NAME = 'relations';

/**
 * `<Relations choice="single|multiple"><Relation value background/></Relations>`; Label Studio's editor defaults to
 * multiple. Label Studio reads no name; one that is not the default is written anyway so a round trip keeps it.
 */
export const relationsXml = {
  fromXml(el: XmlElement, label: string | undefined): Record<string, unknown> {
    const mode = choiceMode(el, ['single', 'multiple'], 'multiple');
    const labels = optionsFromXml(el, 'Relation', ['background']);
    return withLabel({ type: 'relations', name: el.attributes.name ?? DEFAULT_NAME, labels, multiple: mode === 'multiple' }, label);
  },
  toXml: (control: RelationsControl): XmlElement =>
    element(
      'Relations',
      { name: control.name === DEFAULT_NAME ? undefined : control.name, choice: control.multiple ? 'multiple' : 'single' },
      control.labels.map((l) => element('Relation', { value: l.value, background: l.background })),
    ),
};
