import type { ConfigIssue } from './config-issues.js';

/**
 * One element of a Label Studio XML config, as core's parser hands it to a type's `fromXml` and as a type's `toXml`
 * returns it for core's writer. Only element children are listed; `text` is the element's own text (a `<Header>`).
 */
export interface XmlElement {
  tag: string;
  /** Attribute values as written; absent attributes are left out (or `undefined` when writing). */
  attributes: Readonly<Record<string, string | undefined>>;
  children: readonly XmlElement[];
  text?: string | undefined;
  /** Where the element sits, for messages: `View > View > Choices`. Set by the parser. */
  at?: string | undefined;
}

/**
 * Why a tag could not be mapped; core turns it into its 400 (`bad_label_config` or `unsupported_tag`), with `issue`
 * (code and params) for the web to translate. Without one, the issue is the error's own code with its path.
 */
export class XmlMappingError extends Error {
  readonly issue: ConfigIssue;
  constructor(
    readonly code: 'bad_label_config' | 'unsupported_tag',
    message: string,
    readonly details: Record<string, unknown>,
    issue?: ConfigIssue,
  ) {
    super(message);
    this.name = 'XmlMappingError';
    this.issue = issue ?? { code, params: { path: typeof details.path === 'string' ? details.path : '' } };
  }
}

const where = (element: XmlElement) => element.at ?? element.tag;

/**
 * The task data key an object's `value="$key"` names. A literal value (`value="hello"`) is refused: Biaozhu shows
 * task data, never text baked into the config.
 */
export function dataReference(element: XmlElement, example: string): string {
  const value = element.attributes.value;
  if (value === undefined || !value.startsWith('$') || value.length < 2) {
    throw new XmlMappingError(
      'bad_label_config',
      `${where(element)}: value must name a task data field, like value="$${example}" (got ${JSON.stringify(value ?? null)})`,
      { path: where(element) },
      { code: 'value_not_data_key', params: { path: where(element), example: `$${example}`, value: value ?? '' } },
    );
  }
  return value.slice(1);
}

/** Label Studio's boolean attributes are the text `true`; anything else (or nothing) is false. */
export const isTrue = (value: string | undefined) => value === 'true';

/** A numeric attribute, or `undefined` when absent; a non-number is kept as text so the schema names the field. */
export function numberAttribute(value: string | undefined): number | string | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : value;
}

/**
 * The children of `parent`, each of which must be one of `allowed` (compared case-insensitively, as Label Studio
 * does); any other child tag is refused with its place, so a config never silently loses part of a control.
 */
export function childrenOf(parent: XmlElement, allowed: readonly string[]): XmlElement[] {
  const lower = allowed.map((t) => t.toLowerCase());
  for (const child of parent.children) {
    if (!lower.includes(child.tag.toLowerCase())) {
      const only = allowed.map((t) => `<${t}>`).join(' or ');
      throw new XmlMappingError('unsupported_tag', `<${child.tag}> inside <${parent.tag}> (at ${where(parent)}) is not supported; only ${only} ${allowed.length > 1 ? 'are' : 'is'}`, {
        tag: child.tag,
        path: `${where(parent)} > ${child.tag}`,
      }, { code: 'unsupported_child', params: { tag: child.tag, parent: parent.tag, path: where(parent), allowed: only } });
    }
  }
  return [...parent.children];
}

/** Refuses nested elements where Label Studio expects a flat list (a `<Choice>` inside a `<Choice>` of `<Choices>`). */
export function refuseNesting(parent: XmlElement, child: XmlElement): void {
  if (child.children.length > 0) {
    throw new XmlMappingError('unsupported_tag', `nested <${child.tag}> elements (at ${where(parent)}) are not supported; use a flat list`, {
      tag: child.tag,
      path: where(parent),
    }, { code: 'nested_options', params: { tag: child.tag, path: where(parent) } });
  }
}

/** Builds an element for writing; attributes left `undefined` are not written. */
export function element(tag: string, attributes: Record<string, string | undefined>, children: XmlElement[] = []): XmlElement {
  return { tag, attributes, children };
}
