import { element, isTrue, numberAttribute, type XmlElement } from '../xml-element.js';
import { choiceMode, optionsFromXml, withLabel } from './options-xml.js';

/**
 * Label Studio XML both ways for the image region controls: `<RectangleLabels name toName choice required maxUsages
 * showInline opacity fillOpacity fillColor strokeColor strokeWidth ...><Label value alias hotkey background hint/>`,
 * or the plain tag (`<Rectangle>`) for a control without labels. `extra` names each control's own attributes.
 */
interface Extra {
  /** Native field -> how it is read from the attribute of the same name. */
  readonly [field: string]: 'number' | 'boolean' | 'text';
}

const COMMON: Extra = { maxUsages: 'number', showInline: 'boolean', opacity: 'number', fillOpacity: 'number', fillColor: 'text', strokeColor: 'text', strokeWidth: 'number' };

const read = (value: string | undefined, kind: Extra[string]) => (value === undefined ? undefined : kind === 'number' ? numberAttribute(value) : kind === 'boolean' ? value === 'true' : value);

export function imageRegionXml(type: string, labelsTag: string, plainTag: string, extra: Extra = {}, booleansTrueByDefault: readonly string[] = []) {
  const attributes = { ...COMMON, ...extra };
  return {
    fromXml: (el: XmlElement, label: string | undefined): Record<string, unknown> => {
      const plain = el.tag.toLowerCase() === plainTag.toLowerCase();
      const mode = choiceMode(el, ['single', 'multiple'], 'single');
      const control: Record<string, unknown> = {
        type,
        name: el.attributes.name,
        toName: el.attributes.toName,
        labels: plain ? [] : optionsFromXml(el, 'Label', ['hotkey', 'background', 'hint']),
        multiple: mode === 'multiple',
        required: isTrue(el.attributes.required),
      };
      for (const [field, kind] of Object.entries(attributes)) {
        const value = read(el.attributes[field], kind);
        if (value !== undefined) control[field] = value;
      }
      return withLabel(control, label);
    },
    toXml: (control: Record<string, unknown> & { name: string; toName: string; labels: readonly { value: string; hotkey?: string | undefined; background?: string | undefined; hint?: string | undefined }[]; multiple: boolean; required: boolean }): XmlElement => {
      const plain = control.labels.length === 0;
      const out: Record<string, string | undefined> = {
        name: control.name,
        toName: control.toName,
        choice: plain ? undefined : control.multiple ? 'multiple' : 'single',
        required: control.required ? 'true' : undefined,
      };
      for (const field of Object.keys(attributes)) {
        const value = control[field];
        if (value === undefined) continue;
        // A boolean that is true by default is written only when it is turned off.
        if (booleansTrueByDefault.includes(field) && value === true) continue;
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out[field] = String(value);
      }
      return element(
        plain ? plainTag : labelsTag,
        out,
        control.labels.map((l) => element('Label', { value: l.value, hotkey: l.hotkey, background: l.background, hint: l.hint })),
      );
    },
  };
}
