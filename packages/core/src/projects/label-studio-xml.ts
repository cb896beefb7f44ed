import { labelConfigSchema, type LabelConfig } from '@biaozhu/contract';
import {
  controlTypeForTag,
  controlTypeOf,
  objectTypeForTag,
  objectTypeOf,
  TYPE_TAGS,
  XmlMappingError,
  type XmlElement,
  configIssueOfZod,
  type ConfigIssue,
} from '@biaozhu/label-types';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { invalid } from '../errors.js';
import { findUnstorable, MAX_NESTING_DEPTH, unstorableError } from '../storable-value.js';
import { describeIssues } from '../zod-issues.js';

/** A node of fast-xml-parser's `preserveOrder` output: `{ Tag: children, ':@': attributes }` or `{ '#text': ... }`. */
type XmlNode = Record<string, unknown>;

/** Layout tags, read here; every other tag belongs to a registered object or control type. */
const LAYOUT_TAGS = ['View', 'Header', 'Style'] as const;
const SUPPORTED_TAGS = [...LAYOUT_TAGS, ...TYPE_TAGS];
const SUPPORTED = SUPPORTED_TAGS.join(', ');

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  maxNestedTags: MAX_NESTING_DEPTH,
  // Each node keeps the offset of its `<`, so an error about an element can name its line and column.
  captureMetaData: true,
});
const META = XMLParser.getMetaDataSymbol();

/** Where an element starts in the XML text, 1-based, as editors count. */
export interface XmlPlace {
  line: number;
  column: number;
}

/** The place of each element read from the text (elements are the label types' plain objects, so kept beside them). */
type Places = WeakMap<XmlElement, XmlPlace>;

interface Collected {
  objects: Record<string, unknown>[];
  controls: Record<string, unknown>[];
  /** The elements the objects and controls came from, by index, for the line of a schema problem. */
  objectElements: XmlElement[];
  controlElements: XmlElement[];
  places: Places;
}

/**
 * Converts a Label Studio XML label config into the native config. Layout `View`s, `Header`s and `Style`s are read
 * here (a `Header` placed just before a control becomes its label); every other tag goes to the object or control
 * type that owns it (packages/label-types), which maps its attributes and children. Anything else fails with an
 * error naming the tag, so a project never silently loses a control.
 */
export function labelStudioXmlToConfig(xml: string, firstLine = 1): LabelConfig {
  refuseDoctype(xml, firstLine);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { col, msg } = valid.err;
    const line = valid.err.line + firstLine - 1;
    // the parser's sentence stays in the English message; the issue says where, and the parser's code what kind
    throw invalid('bad_xml', `label config XML, line ${line}, column ${col}: ${msg}`, { line, column: col, issue: issue('xml_syntax', { line, column: col, kind: valid.err.code }) });
  }
  const roots = parseXml(xml).filter((node) => tagOf(node) !== undefined && !tagOf(node)?.startsWith('?'));
  const root = roots[0];
  if (roots.length !== 1 || root === undefined || tagOf(root)?.toLowerCase() !== 'view') {
    throw invalid('bad_label_config', 'a Label Studio config must have a single <View> root element', { path: '(root)', issue: issue('no_view_root') });
  }
  const places: Places = new WeakMap();
  const collected: Collected = { objects: [], controls: [], objectElements: [], controlElements: [], places };
  walkView(toElement(root, undefined, placeFinder(xml, firstLine), places).children, collected);
  return validateConfig({ objects: collected.objects, controls: collected.controls }, 'label config', (path) => {
    const [list, index] = path;
    const el = typeof index !== 'number' ? undefined : list === 'objects' ? collected.objectElements[index] : list === 'controls' ? collected.controlElements[index] : undefined;
    return el === undefined ? undefined : places.get(el);
  });
}

/** Turns an offset into the text into its line and column (1-based); line starts are found once per config. */
function placeFinder(xml: string, firstLine: number): (offset: number) => XmlPlace {
  const starts = [0];
  for (let i = 0; i < xml.length; i++) if (xml[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = Math.ceil((low + high) / 2);
      if ((starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + firstLine, column: offset - (starts[low] ?? 0) + 1 };
  };
}

/** A config issue for the web to translate (label-types' config-issues.ts). */
const issue = (code: ConfigIssue['code'], params: ConfigIssue['params'] = {}): ConfigIssue => ({ code, params });

/** The issue with the field path it is about (`controls[2].choices`), which its sentence names. */
const withPath = (i: ConfigIssue, path: string): ConfigIssue => ({ code: i.code, params: { path, ...i.params } });

/** `line 4, column 3: ` for a message, or '' when the place is unknown. */
const placeText = (place: XmlPlace | undefined) => (place === undefined ? '' : `line ${place.line}, column ${place.column}: `);

/**
 * A DOCTYPE is the only way to declare entities, and entities are how XML reads local files (external entities) or
 * grows a few bytes into gigabytes (nested entities). Label Studio configs never need one, so it is refused outright
 * rather than left to the parser's entity handling.
 */
function refuseDoctype(xml: string, firstLine: number): void {
  const match = /<!DOCTYPE/i.exec(xml);
  if (match === null) return;
  const before = xml.slice(0, match.index);
  const line = before.split('\n').length + firstLine - 1;
  const column = match.index - before.lastIndexOf('\n');
  throw invalid('xml_doctype', `label config XML, line ${line}, column ${column}: a <!DOCTYPE> (and the entities it declares) is not allowed; remove it`, {
    line,
    column,
    issue: issue('xml_doctype', { line, column }),
  });
}

/** The parser's own refusals (nesting beyond the limit, anything the validator let through) are the caller's mistake. */
function parseXml(xml: string): XmlNode[] {
  try {
    return parser.parse(xml) as XmlNode[];
  } catch (error) {
    const message = (error as Error).message;
    if (/nested tags/i.test(message)) {
      throw invalid('too_deep', `label config XML nests elements deeper than ${MAX_NESTING_DEPTH} levels, the limit`, {
        field: 'label config',
        limit: MAX_NESTING_DEPTH,
        issue: issue('xml_too_deep', { limit: MAX_NESTING_DEPTH }),
      });
    }
    throw invalid('bad_xml', `label config XML: ${message}`, { issue: issue('xml_syntax', { line: 0, column: 0, kind: '' }) });
  }
}

function walkView(elements: readonly XmlElement[], out: Collected): void {
  let header: string | undefined;
  for (const el of elements) {
    const tag = el.tag.toLowerCase();
    if (tag === 'view') {
      header = undefined;
      walkView(el.children, out);
    } else if (tag === 'header') {
      header = el.attributes.value ?? el.text;
    } else if (tag !== 'style') {
      const objectType = objectTypeForTag(el.tag);
      const controlType = controlTypeForTag(el.tag);
      if (objectType) {
        out.objects.push(mapped(el, out.places, () => objectType.fromXml(el)));
        out.objectElements.push(el);
      } else if (controlType) {
        out.controls.push(mapped(el, out.places, () => controlType.fromXml(el, header)));
        out.controlElements.push(el);
      } else {
        const place = out.places.get(el);
        throw invalid('unsupported_tag', `${placeText(place)}<${el.tag}> (at ${el.at ?? el.tag}) is not supported yet; supported tags: ${SUPPORTED}`, {
          tag: el.tag,
          path: el.at ?? el.tag,
          supported: SUPPORTED_TAGS,
          ...place,
          issue: issue('unsupported_tag', { tag: el.tag, path: el.at ?? el.tag, supported: SUPPORTED }),
        });
      }
      header = undefined;
    }
  }
}

/**
 * Runs a type's mapping, turning its refusal into the 400 it stands for, with the line of the element at fault: the
 * child the refusal names by tag (an unsupported child), else the element itself.
 */
function mapped(el: XmlElement, places: Places, map: () => Record<string, unknown>): Record<string, unknown> {
  try {
    return map();
  } catch (error) {
    if (!(error instanceof XmlMappingError)) throw error;
    const tag = typeof error.details.tag === 'string' ? error.details.tag.toLowerCase() : undefined;
    const culprit = tag === undefined || tag === el.tag.toLowerCase() ? undefined : findByTag(el, tag);
    const place = places.get(culprit ?? el);
    if (error.code === 'unsupported_tag') {
      throw invalid('unsupported_tag', `${placeText(place)}${error.message}; supported tags: ${SUPPORTED}`, { ...error.details, supported: SUPPORTED_TAGS, ...place, issue: error.issue });
    }
    throw invalid('bad_label_config', `${placeText(place)}${error.message}`, { ...error.details, ...place, issue: error.issue });
  }
}

function findByTag(el: XmlElement, lowerTag: string): XmlElement | undefined {
  for (const child of el.children) {
    if (child.tag.toLowerCase() === lowerTag) return child;
    const deeper = findByTag(child, lowerTag);
    if (deeper) return deeper;
  }
  return undefined;
}

/** The parser's node as the element the label types read, with its place (`View > View > Choices`) for messages. */
function toElement(node: XmlNode, parentAt: string | undefined, placeOf: (offset: number) => XmlPlace, places: Places): XmlElement {
  const tag = tagOf(node) ?? '';
  const at = parentAt === undefined ? tag : `${parentAt} > ${tag}`;
  const kids = children(node);
  const text = kids
    .map((c) => c['#text'])
    .filter((t): t is string => typeof t === 'string')
    .join(' ')
    .trim();
  const element: XmlElement = {
    tag,
    attributes: attributesOf(node),
    children: kids.filter((c) => tagOf(c) !== undefined).map((c) => toElement(c, at, placeOf, places)),
    text: text === '' ? undefined : text,
    at,
  };
  const offset = (node[META as unknown as string] as { startIndex?: unknown } | undefined)?.startIndex;
  if (typeof offset === 'number') places.set(element, placeOf(offset));
  return element;
}

function tagOf(node: XmlNode): string | undefined {
  return Object.keys(node).find((k) => k !== ':@' && k !== '#text' && k !== '#comment');
}

function children(node: XmlNode): XmlNode[] {
  const tag = tagOf(node);
  const value = tag === undefined ? undefined : node[tag];
  return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function attributesOf(node: XmlNode): Record<string, string> {
  const raw = node[':@'];
  const out: Record<string, string> = {};
  if (typeof raw === 'object' && raw !== null) {
    for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** `placeOf` finds the XML element a schema path (`controls[2].choices`) came from, when the config was XML. */
function validateConfig(candidate: unknown, what: string, placeOf?: (path: readonly PropertyKey[]) => XmlPlace | undefined): LabelConfig {
  const parsed = labelConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const { text, issues } = describeIssues(parsed.error.issues);
    const place = placeOf?.(parsed.error.issues[0]?.path ?? []);
    const coded = issues.map((i, n) => ({ ...i, ...configIssueOfZod(parsed.error.issues[n]!) }));
    throw invalid('invalid_label_config', `${what}: ${placeText(place)}${text}`, {
      field: issues[0]?.path ?? '(root)',
      issues: coded,
      ...place,
      issue: withPath(configIssueOfZod(parsed.error.issues[0]!), issues[0]?.path ?? '(root)'),
    });
  }
  return parsed.data;
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');

const attributes = (pairs: Readonly<Record<string, string | undefined>>) =>
  Object.entries(pairs)
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
    .join('');

function writeElement(el: XmlElement, indent: string): string[] {
  const open = `${indent}<${el.tag}${attributes(el.attributes)}`;
  if (el.children.length === 0) return [`${open}/>`];
  return [`${open}>`, ...el.children.flatMap((c) => writeElement(c, `${indent}  `)), `${indent}</${el.tag}>`];
}

/**
 * Writes a native config as Label Studio XML, so Label Studio ML backends (which read the XML) can serve a Biaozhu
 * project. Each type writes its own element; a control's label becomes a `<Header>` before it, which
 * `labelStudioXmlToConfig` reads back unchanged.
 */
export function configToLabelStudioXml(config: LabelConfig): string {
  const lines = ['<View>'];
  for (const object of config.objects) {
    const type = objectTypeOf(object);
    if (type) lines.push(...writeElement(type.toXml(object), '  '));
  }
  for (const control of config.controls) {
    const type = controlTypeOf(control);
    if (!type) continue;
    if (control.label !== undefined) lines.push(`  <Header${attributes({ value: control.label })}/>`);
    lines.push(...writeElement(type.toXml(control), '  '));
  }
  lines.push('</View>');
  return `${lines.join('\n')}\n`;
}

/**
 * Reads a label config typed or uploaded by a manager, as JSON (the native shape) or as Label Studio XML (text that
 * starts with `<`), and returns it validated; errors name the path of the bad field, e.g. `controls[0].choices`.
 */
export function parseLabelConfigInput(text: string): LabelConfig {
  const untrimmed = text.replace(/^\uFEFF/, '');
  const trimmed = untrimmed.trim();
  if (trimmed === '') throw invalid('bad_label_config', 'the label config is empty', { path: '(root)' });
  // Lines are counted in the text as the manager sees it, blank lines before the XML included.
  const skippedLines = untrimmed.slice(0, untrimmed.length - untrimmed.trimStart().length).split('\n').length;
  if (trimmed.startsWith('<')) return labelStudioXmlToConfig(trimmed, skippedLines);
  let json: unknown;
  try {
    json = JSON.parse(trimmed);
  } catch (error) {
    throw invalid('bad_json', `the label config is neither XML (starting with "<") nor valid JSON: ${(error as Error).message}`, {
      path: '(root)',
    });
  }
  const fault = findUnstorable(json);
  if (fault !== undefined) throw unstorableError(fault, { root: 'label config' });
  return validateConfig(json, 'label config');
}
