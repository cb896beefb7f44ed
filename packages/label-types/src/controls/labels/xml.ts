import { element, isTrue, type XmlElement } from '../../xml-element.js';
import { choiceMode, optionsFromXml, withLabel } from '../options-xml.js';
import type { LabelsControl } from './schema.js';

/** `<Labels name toName choice="single|multiple" required><Label value alias hotkey background hint/></Labels>`. */
export const labelsXml = {
  fromXml(el: XmlElement, label: string | undefined): Record<string, unknown> {
    const mode = choiceMode(el, ['single', 'multiple'], 'single');
    return withLabel(
      {
        type: 'labels',
        name: el.attributes.name,
        toName: el.attributes.toName,
        labels: optionsFromXml(el, 'Label', ['hotkey', 'background', 'hint']),
        multiple: mode === 'multiple',
        required: isTrue(el.attributes.required),
      },
      label,
    );
  },
  toXml: (control: LabelsControl): XmlElement =>
    element(
      'Labels',
      { name: control.name, toName: control.toName, choice: control.multiple ? 'multiple' : 'single', required: control.required ? 'true' : undefined },
      control.labels.map((l) => element('Label', { value: l.value, hotkey: l.hotkey, background: l.background, hint: l.hint })),
    ),
};
