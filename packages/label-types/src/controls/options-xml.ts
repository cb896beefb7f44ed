import { childrenOf, refuseNesting, XmlMappingError, type XmlElement } from '../xml-element.js';

/** The element's `choice="..."` mode (single, multiple, ...), `fallback` when absent; any other value is refused. */
export function choiceMode(el: XmlElement, allowed: readonly string[], fallback: string): string {
  const mode = el.attributes.choice ?? fallback;
  if (!allowed.includes(mode)) {
    const at = el.at ?? el.tag;
    throw new XmlMappingError('bad_label_config', `${at}: choice="${mode}" must be ${allowed.join(', ').replace(/, ([^,]*)$/, ' or $1')}`, { path: at }, {
      code: 'bad_choice_mode',
      params: { path: at, value: mode, allowed: allowed.join(', ') },
    });
  }
  return mode;
}

/**
 * The flat list of options of a control (`<Choice>`, `<Label>`, `<Relation>` children): each `{value, ...}` with the
 * listed attributes that are present. Label Studio stores an option's alias in results when one is set, so the alias
 * becomes the native value.
 */
export function optionsFromXml(el: XmlElement, childTag: string, attributes: readonly string[]): Record<string, unknown>[] {
  return childrenOf(el, [childTag]).map((child) => {
    refuseNesting(el, child);
    const a = child.attributes;
    const option: Record<string, unknown> = { value: a.alias ?? a.value };
    for (const key of attributes) if (a[key] !== undefined) option[key] = a[key];
    return option;
  });
}

/** Sets the label a `<Header>` before the control gave it, if any. */
export function withLabel(control: Record<string, unknown>, label: string | undefined): Record<string, unknown> {
  if (label !== undefined && label !== '') control.label = label;
  return control;
}
