import { labelConfigSchema, type ChoicesControl, type LabelConfig, type LabelObject } from '@biaozhu/contract';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { invalid } from '../errors.js';
import { findUnstorable, MAX_NESTING_DEPTH, unstorableError } from '../storable-value.js';
import { describeIssues } from '../zod-issues.js';

/** A node of fast-xml-parser's `preserveOrder` output: `{ Tag: children, ':@': attributes }` or `{ '#text': ... }`. */
type XmlNode = Record<string, unknown>;

const SUPPORTED_TAGS = ['View', 'Header', 'Style', 'Text', 'Image', 'Choices', 'Choice'] as const;
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
});

interface Collected {
  objects: Record<string, unknown>[];
  controls: Record<string, unknown>[];
}

/**
 * Converts a Label Studio XML label config into the native config, for the subset Biaozhu renders: `Text` and
 * `Image` objects and `Choices` controls (layout `View`s, `Header`s and `Style`s are accepted; a `Header` placed
 * just before a `Choices` becomes its label). Anything else fails with an error naming the tag, so a project never
 * silently loses a control.
 */
export function labelStudioXmlToConfig(xml: string): LabelConfig {
  refuseDoctype(xml);
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw invalid('bad_xml', `label config XML, line ${line}, column ${col}: ${msg}`, { line, column: col });
  }
  const roots = parseXml(xml).filter((node) => tagOf(node) !== undefined && !tagOf(node)?.startsWith('?'));
  const root = roots[0];
  if (roots.length !== 1 || root === undefined || tagOf(root)?.toLowerCase() !== 'view') {
    throw invalid('bad_label_config', 'a Label Studio config must have a single <View> root element', { path: '(root)' });
  }
  const collected: Collected = { objects: [], controls: [] };
  walkView(children(root), collected, 'View');
  return validateConfig(collected, 'label config');
}

/**
 * A DOCTYPE is the only way to declare entities, and entities are how XML reads local files (external entities) or
 * grows a few bytes into gigabytes (nested entities). Label Studio configs never need one, so it is refused outright
 * rather than left to the parser's entity handling.
 */
function refuseDoctype(xml: string): void {
  const match = /<!DOCTYPE/i.exec(xml);
  if (match === null) return;
  const before = xml.slice(0, match.index);
  const line = before.split('\n').length;
  const column = match.index - before.lastIndexOf('\n');
  throw invalid('xml_doctype', `label config XML, line ${line}, column ${column}: a <!DOCTYPE> (and the entities it declares) is not allowed; remove it`, {
    line,
    column,
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
      });
    }
    throw invalid('bad_xml', `label config XML: ${message}`, {});
  }
}

function walkView(nodes: XmlNode[], out: Collected, path: string): void {
  let header: string | undefined;
  nodes.forEach((node) => {
    const tag = tagOf(node);
    if (tag === undefined) return; // text between tags
    const at = `${path} > ${tag}`;
    const attrs = attributesOf(node);
    switch (tag.toLowerCase()) {
      case 'view':
        header = undefined;
        walkView(children(node), out, at);
        return;
      case 'header':
        header = attrs.value ?? textOf(node);
        return;
      case 'style':
        return;
      case 'text':
      case 'image':
        header = undefined;
        out.objects.push(toObject(tag.toLowerCase() as LabelObject['type'], attrs, at));
        return;
      case 'choices':
        out.controls.push(toChoices(node, attrs, header, at));
        header = undefined;
        return;
      default:
        throw invalid(
          'unsupported_tag',
          `<${tag}> (at ${at}) is not supported yet; supported tags: ${SUPPORTED}`,
          { tag, path: at, supported: [...SUPPORTED_TAGS] },
        );
    }
  });
}

function toObject(type: LabelObject['type'], attrs: Record<string, string>, at: string): Record<string, unknown> {
  const value = attrs.value;
  if (value === undefined || !value.startsWith('$') || value.length < 2) {
    throw invalid('bad_label_config', `${at}: value must name a task data field, like value="$${type}" (got ${JSON.stringify(value ?? null)})`, {
      path: at,
    });
  }
  return { type, name: attrs.name, value: value.slice(1) };
}

function toChoices(node: XmlNode, attrs: Record<string, string>, header: string | undefined, at: string): Record<string, unknown> {
  const mode = attrs.choice ?? 'single';
  if (mode !== 'single' && mode !== 'single-radio' && mode !== 'multiple') {
    throw invalid('bad_label_config', `${at}: choice="${mode}" must be single, single-radio or multiple`, { path: at });
  }
  const choices: Record<string, unknown>[] = [];
  for (const child of children(node)) {
    const tag = tagOf(child);
    if (tag === undefined) continue;
    if (tag.toLowerCase() !== 'choice') {
      throw invalid('unsupported_tag', `<${tag}> inside <Choices> (at ${at}) is not supported; only <Choice> is; supported tags: ${SUPPORTED}`, {
        tag,
        path: `${at} > ${tag}`,
        supported: [...SUPPORTED_TAGS],
      });
    }
    if (children(child).some((c) => tagOf(c) !== undefined)) {
      throw invalid('unsupported_tag', `nested <Choice> elements (at ${at}) are not supported; use a flat list`, { tag, path: at });
    }
    const c = attributesOf(child);
    // Label Studio stores the alias in results when one is set, so the alias is the value results must carry.
    const choice: Record<string, unknown> = { value: c.alias ?? c.value };
    if (c.hotkey !== undefined) choice.hotkey = c.hotkey;
    if (c.hint !== undefined) choice.hint = c.hint;
    choices.push(choice);
  }
  const control: Record<string, unknown> = {
    type: 'choices',
    name: attrs.name,
    toName: attrs.toName,
    choices,
    multiple: mode === 'multiple',
    // Label Studio's default is not required.
    required: attrs.required === 'true',
  };
  if (header !== undefined && header !== '') control.label = header;
  return control;
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

function textOf(node: XmlNode): string | undefined {
  const text = children(node)
    .map((c) => c['#text'])
    .filter((t): t is string => typeof t === 'string')
    .join(' ')
    .trim();
  return text === '' ? undefined : text;
}

function validateConfig(candidate: unknown, what: string): LabelConfig {
  const parsed = labelConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const { text, issues } = describeIssues(parsed.error.issues);
    throw invalid('invalid_label_config', `${what}: ${text}`, { field: issues[0]?.path ?? '(root)', issues });
  }
  return parsed.data;
}

const escapeAttribute = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/\n/g, '&#10;');

const attributes = (pairs: [string, string | undefined][]) =>
  pairs
    .filter((pair): pair is [string, string] => pair[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
    .join('');

/**
 * Writes a native config as Label Studio XML, so Label Studio ML backends (which read the XML) can serve a Biaozhu
 * project. A control's label becomes a `<Header>` before it; `labelStudioXmlToConfig` reads it back unchanged.
 */
export function configToLabelStudioXml(config: LabelConfig): string {
  const lines = ['<View>'];
  for (const object of config.objects) {
    const tag = object.type === 'text' ? 'Text' : 'Image';
    lines.push(`  <${tag}${attributes([['name', object.name], ['value', `$${object.value}`]])}/>`);
  }
  for (const control of config.controls) lines.push(...choicesXml(control));
  lines.push('</View>');
  return `${lines.join('\n')}\n`;
}

function choicesXml(control: ChoicesControl): string[] {
  const out: string[] = [];
  if (control.label !== undefined) out.push(`  <Header${attributes([['value', control.label]])}/>`);
  out.push(
    `  <Choices${attributes([
      ['name', control.name],
      ['toName', control.toName],
      ['choice', control.multiple ? 'multiple' : 'single'],
      ['required', String(control.required)],
    ])}>`,
  );
  for (const choice of control.choices) {
    out.push(`    <Choice${attributes([['value', choice.value], ['hotkey', choice.hotkey], ['hint', choice.hint]])}/>`);
  }
  out.push('  </Choices>');
  return out;
}

/**
 * Reads a label config typed or uploaded by a manager, as JSON (the native shape) or as Label Studio XML (text that
 * starts with `<`), and returns it validated; errors name the path of the bad field, e.g. `controls[0].choices`.
 */
export function parseLabelConfigInput(text: string): LabelConfig {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') throw invalid('bad_label_config', 'the label config is empty', { path: '(root)' });
  if (trimmed.startsWith('<')) return labelStudioXmlToConfig(trimmed);
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
