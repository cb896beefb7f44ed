import { element, isTrue, type XmlElement } from '../../xml-element.js';
import { choiceMode, optionsFromXml, withLabel } from '../options-xml.js';
import type { ChoicesControl } from './schema.js';

/**
 * `<Choices name toName choice="single|single-radio|multiple" required perRegion><Choice value alias hotkey hint/>`.
 * Label Studio's defaults are single and not required.
 */
export const choicesXml = {
  fromXml(el: XmlElement, label: string | undefined): Record<string, unknown> {
    const mode = choiceMode(el, ['single', 'single-radio', 'multiple'], 'single');
    const control: Record<string, unknown> = {
      type: 'choices',
      name: el.attributes.name,
      toName: el.attributes.toName,
      choices: optionsFromXml(el, 'Choice', ['hotkey', 'hint']),
      multiple: mode === 'multiple',
      required: isTrue(el.attributes.required),
    };
    if (isTrue(el.attributes.perRegion)) control.perRegion = true;
    return withLabel(control, label);
  },
  toXml: (control: ChoicesControl): XmlElement =>
    element(
      'Choices',
      {
        name: control.name,
        toName: control.toName,
        choice: control.multiple ? 'multiple' : 'single',
        required: String(control.required),
        perRegion: control.perRegion === true ? 'true' : undefined,
      },
      control.choices.map((c) => element('Choice', { value: c.value, hotkey: c.hotkey, hint: c.hint })),
    ),
};
