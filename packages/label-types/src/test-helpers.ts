/**
 * Helpers for the label types' own tests: build Label Studio elements by hand, run a type's mapping both ways, and
 * check answers against a config. Not exported from the package.
 */
import type { BaseControl, ControlType } from './control-type.js';
import type { ResultIssue } from './issues.js';
import { labelConfigSchema, type LabelConfig } from './label-config.js';
import type { BaseObject, ObjectType } from './object-type.js';
import { resultSchema } from './result-item.js';
import { resultIssues, type TaskData } from './validate-result.js';
import type { XmlElement } from './xml-element.js';

/** An element as core's parser hands it over (`at` is its place, for messages). */
export function el(tag: string, attributes: Record<string, string> = {}, children: XmlElement[] = [], text?: string): XmlElement {
  return { tag, attributes, children, text, at: `View > ${tag}` };
}

/** Drops attributes left undefined, as the XML writer does, so a written element compares with a read one. */
export function written(element: XmlElement): XmlElement {
  const attributes = Object.fromEntries(Object.entries(element.attributes).filter(([, v]) => v !== undefined));
  return { tag: element.tag, attributes, children: element.children.map(written), text: undefined, at: undefined };
}

/** A control read from Label Studio, checked by its schema, written back and read again. */
export function controlRoundTrip<C extends BaseControl>(type: ControlType<C, never>, element: XmlElement, label?: string) {
  const native = type.schema.parse(type.fromXml(element, label));
  const xml = written(type.toXml(native));
  const again = type.schema.parse(type.fromXml({ ...xml, at: 'View' }, native.label));
  return { native, xml, again };
}

export function objectRoundTrip<O extends BaseObject>(type: ObjectType<O>, element: XmlElement) {
  const native = type.schema.parse(type.fromXml(element));
  const xml = written(type.toXml(native));
  return { native, xml, again: type.schema.parse(type.fromXml(xml)) };
}

/** `code path` of every problem an answer has under a config (validated first, as the server does). */
export function problems(config: unknown, result: unknown[], data: TaskData = {}): string[] {
  const parsed: LabelConfig = labelConfigSchema.parse(config);
  return resultIssues(parsed, resultSchema.parse(result), data).map((i: ResultIssue) => `${i.code} ${i.path}`);
}

/** The issues themselves, for checks on their messages and details. */
export function issuesOf(config: unknown, result: unknown[], data: TaskData = {}): ResultIssue[] {
  return resultIssues(labelConfigSchema.parse(config), resultSchema.parse(result), data);
}

/** `path: message` for every problem of a config. */
export function configProblems(config: unknown): string[] {
  const parsed = labelConfigSchema.safeParse(config);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}
